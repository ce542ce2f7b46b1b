package io.reelport.backend.auth;

import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.user.UserAccountDisabled;
import java.time.Clock;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends sessions: logout ends the one the refresh token belongs to; disabling a user ends all of
 * theirs. The access token still works until it expires (at most the access-token TTL), unless
 * the user's token version changed.
 */
@Component
class LoggingOut {

    private final RefreshTokens refreshTokens;
    private final RefreshTokenFamilies families;
    private final AuditTrail auditTrail;
    private final Clock clock;

    LoggingOut(RefreshTokens refreshTokens, RefreshTokenFamilies families, AuditTrail auditTrail, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.families = families;
        this.auditTrail = auditTrail;
        this.clock = clock;
    }

    /** Idempotent and silent: an unknown or already revoked token is not an error worth telling. */
    @Transactional
    void logout(String presented) {
        refreshTokens.findByTokenHash(SessionTokens.hash(presented))
                .flatMap(token -> families.lockById(token.familyId()))
                .filter(family -> family.revokedAt() == null)
                .ifPresent(family -> {
                    family.revoke(clock.instant(), "logout");
                    auditTrail.record(AuditEntry.byUser(family.userId(), "auth.logout", AuditOutcome.SUCCESS)
                            .target("session", family.id()));
                });
    }

    /** Runs inside the transaction that disables the user. */
    @EventListener
    void userDisabled(UserAccountDisabled disabled) {
        Instant now = clock.instant();
        families.revokeAllOf(disabled.userId(), now, "user_disabled");
    }
}
