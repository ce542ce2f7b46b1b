package io.reelport.backend.user;

import java.util.UUID;

/**
 * Published inside the transaction that disables a user, so that features holding the user's
 * sessions or keys can end them in the same transaction.
 */
public record UserAccountDisabled(UUID userId) {
}
