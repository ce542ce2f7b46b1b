package io.reelport.backend.auth;

import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.platform.ratelimit.RateDecision;
import io.reelport.backend.platform.ratelimit.RateLimitProperties;
import io.reelport.backend.platform.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per email address and per client IP in Redis (so the limit holds across
 * instances). Once either count reaches its limit, logins for that address or from that IP get 429
 * until the window ends, whether the password would have been right or not; a success clears the
 * address's count. The address is counted whether or not an account has it, so the throttle says
 * nothing about which addresses exist.
 */
@Component
class LoginThrottle {

    static final String PER_ACCOUNT = "login-account";
    static final String PER_IP = "login-ip";

    private final RateLimiter limiter;
    private final RateLimitProperties limits;

    LoginThrottle(RateLimiter limiter, RateLimitProperties limits) {
        this.limiter = limiter;
        this.limits = limits;
    }

    /** The key for an email as typed: normalised the way accounts are, so case tricks do not reset it. */
    static String accountKey(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    void refuseIfThrottled(String accountKey, String ip) {
        RateDecision account = limiter.look(PER_ACCOUNT, accountKey, limits.loginPerAccount());
        RateDecision client = limiter.look(PER_IP, ip, limits.loginPerIp());
        if (!account.allowed() || !client.allowed()) {
            Duration wait = account.allowed() ? client.retryAfter()
                    : client.allowed() ? account.retryAfter()
                    : max(account.retryAfter(), client.retryAfter());
            throw ApiProblem.tooManyRequests("Too many failed logins; try again later.", wait);
        }
    }

    void failed(String accountKey, String ip) {
        limiter.hit(PER_ACCOUNT, accountKey, limits.loginPerAccount());
        limiter.hit(PER_IP, ip, limits.loginPerIp());
    }

    void succeeded(String accountKey) {
        limiter.reset(PER_ACCOUNT, accountKey);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
