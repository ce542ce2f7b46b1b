package io.reelport.backend.user;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts and sessions.
 *
 * @param registrationMode        {@code REGISTRATION_MODE}: {@code open} or {@code closed} (the default:
 *                                a fresh deployment should not take strangers' sign-ups by accident)
 * @param bootstrapAdminEmail     {@code BOOTSTRAP_ADMIN_EMAIL}: creates the first admin when there is none
 * @param bootstrapAdminPassword  {@code BOOTSTRAP_ADMIN_PASSWORD}: that admin's password (policy applies)
 * @param minPasswordLength       shortest password accepted
 * @param refreshTokenTtl         how long one refresh token may wait to be used
 * @param sessionLifetime         how long a login lasts however often it is refreshed; then log in again
 */
@ConfigurationProperties("reelport.accounts")
@Validated
public record AccountProperties(
        @DefaultValue("closed") RegistrationMode registrationMode,
        @DefaultValue("") String bootstrapAdminEmail,
        @DefaultValue("") String bootstrapAdminPassword,
        @DefaultValue("12") @Min(8) @Max(64) int minPasswordLength,
        @DefaultValue("14d") Duration refreshTokenTtl,
        @DefaultValue("90d") Duration sessionLifetime) {

    public boolean bootstrapConfigured() {
        return !bootstrapAdminEmail.isBlank() && !bootstrapAdminPassword.isEmpty();
    }

    @Override
    public String toString() {
        return "AccountProperties[registrationMode=" + registrationMode + ", bootstrapAdminEmail=" + bootstrapAdminEmail
                + ", bootstrapAdminPassword=(hidden), minPasswordLength=" + minPasswordLength + ", refreshTokenTtl="
                + refreshTokenTtl + ", sessionLifetime=" + sessionLifetime + "]";
    }
}
