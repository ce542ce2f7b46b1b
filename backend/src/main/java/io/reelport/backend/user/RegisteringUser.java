package io.reelport.backend.user;

import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.problem.ApiProblem;
import java.time.Clock;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates accounts: self-service sign-up (only when {@code REGISTRATION_MODE=open}, always as a
 * viewer) and creation by an admin (any role, in either mode).
 */
@Component
public class RegisteringUser {

    private final UserAccounts users;
    private final PasswordEncoder passwordEncoder;
    private final PasswordPolicy passwordPolicy;
    private final AccountProperties properties;
    private final AuditTrail auditTrail;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RegisteringUser(UserAccounts users, PasswordEncoder passwordEncoder, PasswordPolicy passwordPolicy,
            AccountProperties properties, AuditTrail auditTrail, TransactionTemplate transaction, Clock clock) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.passwordPolicy = passwordPolicy;
        this.properties = properties;
        this.auditTrail = auditTrail;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Sign-up by the person themself. New accounts are viewers; an admin raises the role. */
    public UserAccount register(String rawEmail, String password) {
        if (properties.registrationMode() != RegistrationMode.OPEN) {
            throw ApiProblem.forbidden("registration_closed",
                    "Registration is closed on this server; ask an administrator for an account.");
        }
        EmailAddress email = EmailAddress.parse(rawEmail);
        UserAccount created = create(email, password, Role.VIEWER);
        auditTrail.record(AuditEntry.byUser(created.id(), "user.register", AuditOutcome.SUCCESS)
                .target("user", created.id()));
        return created;
    }

    /** An admin creates an account with the role they choose. */
    public UserAccount createByAdmin(Caller admin, String rawEmail, String password, Role role) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        UserAccount created = create(email, password, role);
        auditTrail.record(AuditEntry.by(admin, "user.create", AuditOutcome.SUCCESS).target("user", created.id())
                .detail("role " + role));
        return created;
    }

    UserAccount create(EmailAddress email, String password, Role role) {
        passwordPolicy.check(password, email);
        String hash = passwordEncoder.encode(password);
        try {
            return transaction.execute(status -> {
                if (users.findByEmail(email.value()).isPresent()) {
                    throw emailTaken();
                }
                return users.saveAndFlush(new UserAccount(UUID.randomUUID(), email, hash, role, clock.instant()));
            });
        } catch (DataIntegrityViolationException raceOnTheUniqueIndex) {
            throw emailTaken();
        }
    }

    private static ApiProblem emailTaken() {
        return ApiProblem.conflict("email_taken", "An account with this email address already exists.")
                .with("field", "email");
    }
}
