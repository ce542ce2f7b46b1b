package io.reelport.common.playback;

import java.time.Instant;
import java.util.Optional;

/**
 * What a verified token allows, for the edge to log or attach to the request.
 *
 * @param kid        the key that signed it
 * @param expiresAt  the {@code exp} claim, whole seconds; the verifier already allowed for clock skew
 * @param notBefore  the {@code nbf} claim, when the token has one
 * @param client     the client range the token is bound to, when it is bound
 * @param pathPrefix the granted prefix, normally {@code {assetId}/{versionId}/}
 */
public record PlaybackGrant(
        String kid,
        Instant expiresAt,
        Optional<Instant> notBefore,
        Optional<IpRange> client,
        String pathPrefix) {
}
