package io.reelport.backend.user;

import io.reelport.backend.auth.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A person who can log in. {@link #tokenVersion} is the revocation lever for access tokens: every
 * change that must cut off existing tokens (disable, role change, new password) bumps it, and the
 * bearer filter refuses a token whose version differs. Each such change, and re-enabling, is
 * announced as {@link UserAccessChanged} when the account is saved, so that what the bearer filter
 * keeps of the user is dropped everywhere.
 */
@Entity
@Table(name = "users")
public class UserAccount extends AbstractAggregateRoot<UserAccount> {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String email;

    @Column(nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    private boolean enabled;
    private long tokenVersion;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    protected UserAccount() {
    }

    public UserAccount(UUID id, EmailAddress email, String passwordHash, Role role, Instant now) {
        this.id = id;
        this.email = email.value();
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.tokenVersion = 0;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void changeRole(Role newRole, Instant now) {
        if (newRole != role) {
            role = newRole;
            revokeTokens(now);
        }
    }

    public void disable(Instant now) {
        if (enabled) {
            enabled = false;
            revokeTokens(now);
        }
    }

    public void enable(Instant now) {
        if (!enabled) {
            enabled = true;
            updatedAt = now;
            registerEvent(new UserAccessChanged(id));
        }
    }

    public void changePasswordHash(String newHash, Instant now) {
        passwordHash = newHash;
        revokeTokens(now);
    }

    private void revokeTokens(Instant now) {
        tokenVersion++;
        updatedAt = now;
        registerEvent(new UserAccessChanged(id));
    }

    public UUID id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Role role() {
        return role;
    }

    public boolean enabled() {
        return enabled;
    }

    public long tokenVersion() {
        return tokenVersion;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
