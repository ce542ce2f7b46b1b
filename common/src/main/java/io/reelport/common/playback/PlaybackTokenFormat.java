package io.reelport.common.playback;

import java.nio.charset.StandardCharsets;

/**
 * The wire format both sides must agree on byte for byte; docs/playback-tokens.md describes it and
 * the test vectors pin it.
 *
 * <pre>
 * token  = "1." base64url(claims) "." base64url(HMAC-SHA256(key[kid], DOMAIN || claims))
 * claims = kid "\n" exp "\n" nbf "\n" client "\n" prefix
 * </pre>
 */
final class PlaybackTokenFormat {

    static final String VERSION_PREFIX = "1.";
    /**
     * Prepended to the claims before MACing, so that a MAC computed with the same key for anything
     * else (a mistakenly shared secret, a future format) never verifies as a playback token.
     */
    static final byte[] DOMAIN = "reelport.playback.v1\n".getBytes(StandardCharsets.US_ASCII);
    static final char FIELD_SEPARATOR = '\n';
    static final int MAX_TOKEN_LENGTH = 1024;
    static final int MAC_BYTES = 32;
    static final int MAC_CHARS = 43;
    static final int MAX_CLAIMS_BYTES =
            CanonicalBase64Url.decodedLength(MAX_TOKEN_LENGTH - VERSION_PREFIX.length() - 1 - MAC_CHARS);

    private PlaybackTokenFormat() {
    }
}
