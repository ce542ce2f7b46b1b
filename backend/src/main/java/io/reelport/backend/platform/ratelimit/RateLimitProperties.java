package io.reelport.backend.platform.ratelimit;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits, held in Redis so that they apply across every backend instance.
 *
 * @param apiPermits          requests per client per {@code apiWindow} on {@code /api/**}
 *                            ({@code RATE_LIMIT_API_PER_MINUTE}); a client is its user or API key
 *                            when authenticated, its IP address otherwise
 * @param uploadPermits       upload creations per client per {@code uploadWindow}
 *                            ({@code RATE_LIMIT_UPLOADS_PER_MINUTE}): each one presigns storage URLs
 * @param loginAccountFailures failed logins per email address per {@code loginWindow} before that
 *                            address is throttled ({@code LOGIN_MAX_FAILURES_PER_ACCOUNT})
 * @param loginIpFailures     failed logins per client IP per {@code loginWindow}
 *                            ({@code LOGIN_MAX_FAILURES_PER_IP})
 * @param loginWindow         how long failures count ({@code LOGIN_THROTTLE_WINDOW})
 */
@ConfigurationProperties("reelport.rate-limit")
@Validated
public record RateLimitProperties(
        @DefaultValue("600") @Min(1) int apiPermits,
        @DefaultValue("1m") Duration apiWindow,
        @DefaultValue("30") @Min(1) int uploadPermits,
        @DefaultValue("1m") Duration uploadWindow,
        @DefaultValue("5") @Min(1) int loginAccountFailures,
        @DefaultValue("20") @Min(1) int loginIpFailures,
        @DefaultValue("15m") Duration loginWindow) {

    public RateLimit api() {
        return new RateLimit(apiPermits, apiWindow);
    }

    public RateLimit uploads() {
        return new RateLimit(uploadPermits, uploadWindow);
    }

    public RateLimit loginPerAccount() {
        return new RateLimit(loginAccountFailures, loginWindow);
    }

    public RateLimit loginPerIp() {
        return new RateLimit(loginIpFailures, loginWindow);
    }
}
