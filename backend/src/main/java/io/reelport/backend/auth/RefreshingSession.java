package io.reelport.backend.auth;

import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Trades a refresh token for a new pair and retires the old token. A token that was already used
 * means it was copied: whoever presents it, the whole family is revoked (the thief's and the
 * owner's tokens alike), the event is audited, and the owner logs in again.
 *
 * <p>Refusals are committed, not rolled back ({@code noRollbackFor}): the revocation must stand.
 */
@Component
class RefreshingSession {

    private final RefreshTokens refreshTokens;
    private final RefreshTokenFamilies families;
    private final UserAccounts users;
    private final SessionTokens sessionTokens;
    private final AuditTrail auditTrail;
    private final Clock clock;

    RefreshingSession(RefreshTokens refreshTokens, RefreshTokenFamilies families, UserAccounts users,
            SessionTokens sessionTokens, AuditTrail auditTrail, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.families = families;
        this.users = users;
        this.sessionTokens = sessionTokens;
        this.auditTrail = auditTrail;
        this.clock = clock;
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    SessionTokens.TokenPair refresh(String presented) {
        Instant now = clock.instant();
        RefreshToken token = refreshTokens.findByTokenHash(SessionTokens.hash(presented)).orElseThrow(RefreshingSession::refused);
        RefreshTokenFamily family = families.lockById(token.familyId()).orElseThrow(RefreshingSession::refused);
        if (token.used()) {
            if (family.revokedAt() == null) {
                family.revoke(now, "reuse");
                auditTrail.record(AuditEntry.byUser(family.userId(), "auth.refresh_reuse", AuditOutcome.DENIED)
                        .target("session", family.id()).detail("a used refresh token was presented; session revoked"));
            }
            throw refused();
        }
        if (!family.activeAt(now) || token.expiredAt(now)) {
            throw refused();
        }
        UserAccount user = users.findById(family.userId()).orElseThrow(RefreshingSession::refused);
        if (!user.enabled()) {
            family.revoke(now, "user_disabled");
            throw refused();
        }
        token.markUsed(now);
        return sessionTokens.issue(user, family, now);
    }

    static ApiProblem refused() {
        return ApiProblem.unauthorized("invalid_refresh_token",
                "The refresh token is invalid, expired or revoked; log in again.");
    }
}
