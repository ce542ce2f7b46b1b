package io.reelport.common.playback;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the backend asks {@link PlaybackTokenSigner} to grant. {@link PlaybackTokenSigner#sign}
 * checks it and refuses anything a verifier could not honour.
 *
 * @param pathPrefix a path prefix such as {@code {assetId}/{versionId}/} (see
 *                   {@code StorageKeys.playbackPrefix}); ending it with {@code /} grants every path
 *                   beneath it, otherwise it grants exactly that one path
 * @param expiresAt  truncated to whole seconds
 * @param notBefore  truncated to whole seconds; {@code null} for valid at once
 * @param client     an IP address or CIDR range ({@code 203.0.113.7}, {@code 2001:db8::/32}) the
 *                   token is bound to; {@code null} for any client
 */
public record PlaybackGrantRequest(
        String pathPrefix,
        Instant expiresAt,
        @Nullable Instant notBefore,
        @Nullable String client) {

    /** A grant for any client, valid from now until {@code expiresAt}. */
    public PlaybackGrantRequest(String pathPrefix, Instant expiresAt) {
        this(pathPrefix, expiresAt, null, null);
    }
}
