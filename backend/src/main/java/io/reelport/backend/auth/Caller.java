package io.reelport.backend.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The authenticated principal of an API request, whether it came with a user's access token or
 * with an API key. Features take it with {@code @AuthenticationPrincipal Caller caller} and never
 * look at how the request was authenticated; an API key acts as its owner with the key's role.
 *
 * @param userId the user, or the user who owns the API key
 * @param role the role in force for this request (an API key's role is at most its owner's)
 * @param apiKeyId the API key used, when the request was authenticated with one
 */
public record Caller(UUID userId, Role role, Optional<UUID> apiKeyId) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
    }

    public static Caller user(UUID userId, Role role) {
        return new Caller(userId, role, Optional.empty());
    }

    public boolean can(Role needed) {
        return role.includes(needed);
    }
}
