package io.reelport.backend.user;

import java.util.UUID;

/**
 * A user's role, enabled flag or token version changed: access tokens issued before may no longer
 * be honoured. Published by {@link UserAccount} when it is saved.
 */
public record UserAccessChanged(UUID userId) {
}
