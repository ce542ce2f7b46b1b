package io.reelport.backend.apikey;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.problem.BearerTokenRefused;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns an {@code rp_...} bearer credential into a {@link Caller}: the key's owner, with the lower of
 * the key's role and the owner's current role, so demoting or disabling a user also limits their keys.
 */
@Component
public class AuthenticatingApiKey {

    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final ApiKeys keys;
    private final UserAccounts users;
    private final Clock clock;

    AuthenticatingApiKey(ApiKeys keys, UserAccounts users, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.clock = clock;
    }

    public static boolean looksLikeApiKey(String bearer) {
        return bearer.startsWith(ApiKeySecret.PREFIX);
    }

    public Caller authenticate(String presented) {
        if (!ApiKeySecret.hasKeyShape(presented)) {
            throw new BearerTokenRefused("API key malformed");
        }
        Instant now = clock.instant();
        ApiKey key = keys.findBySecretHash(ApiKeySecret.hash(presented))
                .orElseThrow(() -> new BearerTokenRefused("API key unknown"));
        if (!key.usableAt(now)) {
            throw new BearerTokenRefused("API key " + key.id() + " revoked or expired");
        }
        Optional<UserAccount> owner = users.findById(key.ownerId());
        if (owner.isEmpty() || !owner.get().enabled()) {
            throw new BearerTokenRefused("API key " + key.id() + " belongs to a disabled user");
        }
        keys.touch(key.id(), now, now.minus(LAST_USED_PRECISION));
        Role role = owner.get().role().includes(key.role()) ? key.role() : owner.get().role();
        return new Caller(owner.get().id(), role, Optional.of(key.id()));
    }
}
