package io.reelport.backend.auth;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer credentials are checked ({@code reelport.auth.*}).
 *
 * @param userStateTtl how long an instance keeps a user's role, enabled flag and token version
 *                     before reading them again ({@code AUTH_USER_STATE_TTL}); changes are also
 *                     pushed to every instance at once, so this only bounds a revocation whose
 *                     notice was lost. {@code 0} reads the user on every request.
 */
@ConfigurationProperties("reelport.auth")
@Validated
public record AuthProperties(@NotNull @DefaultValue("1s") Duration userStateTtl) {

    public AuthProperties {
        if (userStateTtl.isNegative()) {
            throw new IllegalArgumentException("AUTH_USER_STATE_TTL must not be negative");
        }
    }
}
