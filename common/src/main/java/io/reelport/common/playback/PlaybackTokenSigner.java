package io.reelport.common.playback;

import io.reelport.common.keys.HmacSha256;
import io.reelport.common.keys.KeyRing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Signs playback tokens with the ring's active key (see docs/playback-tokens.md). Thread-safe.
 *
 * <p>Refuses, with {@link IllegalArgumentException}, any request the verifier could never grant,
 * so that a bug in the caller shows up where it is made rather than as 403s at the edge.
 */
public final class PlaybackTokenSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    // Mac instances are not thread-safe, and Mac.getInstance plus init costs more than a whole
    // signature, so each thread keeps one.
    private final ThreadLocal<Mac> macs;

    public PlaybackTokenSigner(KeyRing ring) {
        try {
            this.kid = ring.activeKid();
        } catch (IllegalStateException verifyOnlyRing) {
            throw new IllegalArgumentException("a playback signer needs a key ring with an active kid; build it with KeyRing.forSigning",
                    verifyOnlyRing);
        }
        SecretKey key = ring.activeKey();
        this.macs = ThreadLocal.withInitial(() -> HmacSha256.initialised(key));
    }

    /** The kid that new tokens name. */
    public String kid() {
        return kid;
    }

    public String sign(PlaybackGrantRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("a grant request is required");
        }
        String claims = claimsFor(request);
        byte[] claimBytes = claims.getBytes(StandardCharsets.UTF_8);
        Mac mac = macs.get();
        mac.update(PlaybackTokenFormat.DOMAIN);
        byte[] signature = mac.doFinal(claimBytes);
        String token = PlaybackTokenFormat.VERSION_PREFIX + BASE64URL.encodeToString(claimBytes) + "."
                + BASE64URL.encodeToString(signature);
        if (token.length() > PlaybackTokenFormat.MAX_TOKEN_LENGTH) {
            // Unreachable with the limits checked in claimsFor; kept so a change to them cannot
            // quietly produce tokens every verifier refuses.
            throw new IllegalStateException("token of " + token.length() + " characters exceeds "
                    + PlaybackTokenFormat.MAX_TOKEN_LENGTH);
        }
        return token;
    }

    private String claimsFor(PlaybackGrantRequest request) {
        String prefix = request.pathPrefix();
        PlaybackRejection prefixProblem = PlaybackPathSyntax.problemWith(prefix);
        if (prefixProblem != null) {
            throw new IllegalArgumentException("path prefix '" + printable(prefix) + "' could never match a request path: "
                    + prefixProblem.code());
        }
        Instant expiresAt = request.expiresAt();
        if (expiresAt == null) {
            throw new IllegalArgumentException("expiresAt is required");
        }
        long exp = expiresAt.getEpochSecond();
        if (exp <= 0) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after the epoch");
        }
        String nbf = "";
        if (request.notBefore() != null) {
            long notBefore = request.notBefore().getEpochSecond();
            if (notBefore < 0) {
                throw new IllegalArgumentException("notBefore " + request.notBefore() + " is before the epoch");
            }
            if (exp <= notBefore) {
                throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after notBefore "
                        + request.notBefore() + " (in whole seconds)");
            }
            nbf = Long.toString(notBefore);
        }
        String client = request.client() == null ? "" : IpRange.parse(request.client()).toString();
        char separator = PlaybackTokenFormat.FIELD_SEPARATOR;
        return kid + separator + exp + separator + nbf + separator + client + separator + prefix;
    }

    private static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
