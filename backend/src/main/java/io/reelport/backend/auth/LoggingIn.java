package io.reelport.backend.auth;

import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.user.EmailAddress;
import io.reelport.backend.user.PasswordPolicy;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Email and password in, a token pair out. A wrong password and an unknown email are the same
 * refusal (401 {@code invalid_credentials}, same body) and take about the same time: an unknown email
 * is checked against a dummy Argon2 hash made with the same parameters.
 */
@Component
class LoggingIn {

    private final UserAccounts users;
    private final PasswordEncoder passwordEncoder;
    private final LoginThrottle throttle;
    private final SessionTokens sessionTokens;
    private final AuditTrail auditTrail;
    private final TransactionTemplate transaction;
    private final String dummyHash;

    LoggingIn(UserAccounts users, PasswordEncoder passwordEncoder, LoginThrottle throttle, SessionTokens sessionTokens,
            AuditTrail auditTrail, TransactionTemplate transaction) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.sessionTokens = sessionTokens;
        this.auditTrail = auditTrail;
        this.transaction = transaction;
        this.dummyHash = passwordEncoder.encode("an unknown account has no password to match");
    }

    SessionTokens.TokenPair login(String email, String password, String clientIp) {
        String accountKey = LoginThrottle.accountKey(email);
        try {
            throttle.refuseIfThrottled(accountKey, clientIp);
        } catch (ApiProblem throttled) {
            auditTrail.record(AuditEntry.byAnonymous(label(accountKey), "auth.login", AuditOutcome.DENIED)
                    .detail("throttled"));
            throw throttled;
        }
        Optional<UserAccount> account = find(email);
        boolean matches;
        if (account.isPresent() && password.length() <= PasswordPolicy.MAX_LENGTH) {
            matches = passwordEncoder.matches(password, account.get().passwordHash());
        } else {
            passwordEncoder.matches(password, dummyHash);
            matches = false;
        }
        if (!matches) {
            throttle.failed(accountKey, clientIp);
            auditTrail.record(new AuditEntry(account.map(UserAccount::id).orElse(null), null, label(accountKey),
                    "auth.login", null, null, AuditOutcome.FAILURE, "wrong email or password"));
            throw ApiProblem.unauthorized("invalid_credentials", "The email or password is wrong.");
        }
        UserAccount user = account.get();
        if (!user.enabled()) {
            // Said only to someone who knows the password: they need to know why they cannot get in.
            auditTrail.record(AuditEntry.byUser(user.id(), "auth.login", AuditOutcome.DENIED).detail("account disabled"));
            throw ApiProblem.forbidden("account_disabled", "This account is disabled; ask an administrator.");
        }
        throttle.succeeded(accountKey);
        return transaction.execute(status -> {
            SessionTokens.TokenPair pair = sessionTokens.start(user);
            auditTrail.record(AuditEntry.byUser(user.id(), "auth.login", AuditOutcome.SUCCESS));
            return pair;
        });
    }

    private Optional<UserAccount> find(String email) {
        try {
            return users.findByEmail(EmailAddress.parse(email).value());
        } catch (ApiProblem notAnEmail) {
            return Optional.empty();
        }
    }

    private static String label(String accountKey) {
        return accountKey.length() > 320 ? accountKey.substring(0, 320) : accountKey;
    }
}
