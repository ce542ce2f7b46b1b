package io.reelport.common.playback;

import io.reelport.common.keys.HmacSha256;
import static io.reelport.common.playback.PlaybackTokenFormat.FIELD_SEPARATOR;

import io.reelport.common.keys.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import org.jspecify.annotations.Nullable;

/**
 * Checks a playback token against the request it came with (see docs/playback-tokens.md).
 * Thread-safe, does no I/O and never throws: every input, however hostile, ends in a
 * {@link Verification}.
 *
 * <p>It runs on every segment request, so the reject path allocates nothing (shared
 * {@link Verification.Rejected} instances, per-thread buffers and Macs, no exceptions) and a grant
 * allocates only its result.
 */
public final class PlaybackTokenVerifier {

    /** Beyond a few minutes, skew stops being clock drift and starts extending every token's life. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final int MAX_VERSION_DIGITS = 9;
    // Later times cannot be an Instant, and would make building the grant throw.
    private static final long MAX_SECONDS = Instant.MAX.getEpochSecond();
    private static final int MAX_SECONDS_DIGITS = Long.toString(MAX_SECONDS).length();

    private final String[] kids;
    private final byte[][] kidBytes;
    private final long skewSeconds;
    private final int skewNanos;
    private final ThreadLocal<Workspace> workspaces;

    public PlaybackTokenVerifier(KeyRing ring, Duration clockSkew) {
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW + ", not " + clockSkew);
        }
        this.kids = ring.kids().toArray(String[]::new);
        this.kidBytes = new byte[kids.length][];
        SecretKey[] keys = new SecretKey[kids.length];
        for (int i = 0; i < kids.length; i++) {
            kidBytes[i] = kids[i].getBytes(StandardCharsets.US_ASCII);
            keys[i] = ring.key(kids[i]).orElseThrow();
        }
        this.skewSeconds = clockSkew.getSeconds();
        this.skewNanos = clockSkew.getNano();
        this.workspaces = ThreadLocal.withInitial(() -> new Workspace(keys));
    }

    /**
     * @param token       the path segment after {@code /p/}
     * @param requestPath the raw, undecoded path after the token, without its leading slash
     * @param clientIp    the client's address as a literal, used only when the token is bound
     * @param now         the current time; {@code null} is refused as {@link PlaybackRejection#EXPIRED},
     *                    since validity cannot be shown without a clock
     */
    public Verification verify(@Nullable String token, @Nullable String requestPath, @Nullable String clientIp,
                               @Nullable Instant now) {
        PlaybackRejection pathProblem = PlaybackPathSyntax.problemWith(requestPath);
        if (pathProblem != null) {
            return rejected(pathProblem);
        }
        if (token == null || token.isEmpty() || token.length() > PlaybackTokenFormat.MAX_TOKEN_LENGTH) {
            return rejected(PlaybackRejection.MALFORMED_TOKEN);
        }
        PlaybackRejection versionProblem = problemWithVersion(token);
        if (versionProblem != null) {
            return rejected(versionProblem);
        }

        int claimsStart = PlaybackTokenFormat.VERSION_PREFIX.length();
        int macStart = token.length() - PlaybackTokenFormat.MAC_CHARS;
        if (macStart - 1 <= claimsStart || token.charAt(macStart - 1) != '.') {
            return rejected(PlaybackRejection.MALFORMED_TOKEN);
        }
        Workspace workspace = workspaces.get();
        byte[] claims = workspace.claims;
        int claimsLength = CanonicalBase64Url.decode(token, claimsStart, macStart - 1, claims);
        if (claimsLength < 0
                || CanonicalBase64Url.decode(token, macStart, token.length(), workspace.presentedMac) != PlaybackTokenFormat.MAC_BYTES) {
            return rejected(PlaybackRejection.MALFORMED_TOKEN);
        }

        int kidEnd = indexOf(claims, 0, claimsLength, FIELD_SEPARATOR);
        if (kidEnd < 0) {
            return rejected(PlaybackRejection.MALFORMED_TOKEN);
        }
        int keyIndex = keyIndex(claims, kidEnd);
        if (keyIndex < 0) {
            return rejected(PlaybackRejection.UNKNOWN_KEY);
        }
        if (!macMatches(workspace, keyIndex, claimsLength)) {
            return rejected(PlaybackRejection.BAD_SIGNATURE);
        }
        // From here on the claims are our own signer's words; a field that does not parse means a
        // signer bug or a leaked key, and is refused rather than guessed at.
        int expEnd = indexOf(claims, kidEnd + 1, claimsLength, FIELD_SEPARATOR);
        int nbfEnd = expEnd < 0 ? -1 : indexOf(claims, expEnd + 1, claimsLength, FIELD_SEPARATOR);
        int clientEnd = nbfEnd < 0 ? -1 : indexOf(claims, nbfEnd + 1, claimsLength, FIELD_SEPARATOR);
        if (clientEnd < 0 || indexOf(claims, clientEnd + 1, claimsLength, FIELD_SEPARATOR) >= 0) {
            return rejected(PlaybackRejection.MALFORMED_TOKEN);
        }
        long exp = parseSeconds(claims, kidEnd + 1, expEnd);
        boolean hasNotBefore = nbfEnd > expEnd + 1;
        long nbf = hasNotBefore ? parseSeconds(claims, expEnd + 1, nbfEnd) : 0;
        if (exp < 0 || nbf < 0) {
            return rejected(PlaybackRejection.MALFORMED_TOKEN);
        }
        IpRange client = null;
        if (clientEnd > nbfEnd + 1) {
            client = IpRange.parseOrNull(new String(claims, nbfEnd + 1, clientEnd - nbfEnd - 1, StandardCharsets.ISO_8859_1));
            if (client == null) {
                return rejected(PlaybackRejection.MALFORMED_TOKEN);
            }
        }

        if (now == null || isExpired(exp, now)) {
            return rejected(PlaybackRejection.EXPIRED);
        }
        if (hasNotBefore && isNotYetValid(nbf, now)) {
            return rejected(PlaybackRejection.NOT_YET_VALID);
        }
        if (client != null && !client.contains(clientIp)) {
            return rejected(PlaybackRejection.CLIENT_MISMATCH);
        }
        int prefixStart = clientEnd + 1;
        int prefixLength = claimsLength - prefixStart;
        if (!covers(claims, prefixStart, prefixLength, requestPath)) {
            return rejected(PlaybackRejection.PATH_OUTSIDE_GRANT);
        }
        return new Verification.Granted(new PlaybackGrant(
                kids[keyIndex],
                Instant.ofEpochSecond(exp),
                hasNotBefore ? Optional.of(Instant.ofEpochSecond(nbf)) : Optional.empty(),
                Optional.ofNullable(client),
                requestPath.substring(0, prefixLength)));
    }

    private static Verification rejected(PlaybackRejection reason) {
        return Verification.Rejected.of(reason);
    }

    /**
     * {@code null} for {@code 1.}; {@link PlaybackRejection#UNSUPPORTED_VERSION} for another
     * decimal without leading zeros followed by a dot, which a later format may use.
     */
    private static @Nullable PlaybackRejection problemWithVersion(String token) {
        int digits = 0;
        while (digits < token.length() && digits <= MAX_VERSION_DIGITS && isDigit(token.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > MAX_VERSION_DIGITS || digits == token.length() || token.charAt(digits) != '.'
                || (digits > 1 && token.charAt(0) == '0')) {
            return PlaybackRejection.MALFORMED_TOKEN;
        }
        return digits == 1 && token.charAt(0) == '1' ? null : PlaybackRejection.UNSUPPORTED_VERSION;
    }

    private int keyIndex(byte[] claims, int kidLength) {
        for (int i = 0; i < kidBytes.length; i++) {
            byte[] candidate = kidBytes[i];
            if (candidate.length == kidLength && regionMatches(claims, 0, candidate)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionMatches(byte[] bytes, int from, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (bytes[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean macMatches(Workspace workspace, int keyIndex, int claimsLength) {
        Mac mac = workspace.macs[keyIndex];
        mac.update(PlaybackTokenFormat.DOMAIN);
        mac.update(workspace.claims, 0, claimsLength);
        try {
            mac.doFinal(workspace.expectedMac, 0);
        } catch (ShortBufferException impossible) {
            // expectedMac is sized for HmacSHA256; reaching this is a programming error worth a stack trace.
            throw new IllegalStateException(impossible);
        }
        // Constant time, so response timing tells a forger nothing about how many bytes were right.
        return MessageDigest.isEqual(workspace.expectedMac, workspace.presentedMac);
    }

    /** {@code now > exp + skew}. */
    private boolean isExpired(long exp, Instant now) {
        long deadlineSeconds = exp + skewSeconds;
        long nowSeconds = now.getEpochSecond();
        return nowSeconds > deadlineSeconds || (nowSeconds == deadlineSeconds && now.getNano() > skewNanos);
    }

    /** {@code now + skew < nbf}; nbf is whole seconds, so only the seconds of {@code now + skew} matter. */
    private boolean isNotYetValid(long nbf, Instant now) {
        long nanos = (long) now.getNano() + skewNanos;
        long latestSeconds = now.getEpochSecond() + skewSeconds + nanos / 1_000_000_000L;
        return latestSeconds < nbf;
    }

    /** The grant rule: {@code path.equals(prefix) || (prefix.endsWith("/") && path.startsWith(prefix))}. */
    private static boolean covers(byte[] claims, int prefixStart, int prefixLength, String path) {
        if (prefixLength == 0 || prefixLength > path.length()) {
            return false;
        }
        for (int i = 0; i < prefixLength; i++) {
            if (path.charAt(i) != (char) (claims[prefixStart + i] & 0xff)) {
                return false;
            }
        }
        return prefixLength == path.length() || claims[prefixStart + prefixLength - 1] == '/';
    }

    /** Unix seconds up to {@link Instant#MAX}: decimal digits without a sign or leading zeros, or -1. */
    private static long parseSeconds(byte[] bytes, int from, int to) {
        int digits = to - from;
        if (digits < 1 || digits > MAX_SECONDS_DIGITS || (digits > 1 && bytes[from] == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value <= MAX_SECONDS ? value : -1;
    }

    private static int indexOf(byte[] bytes, int from, int to, char wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Per-thread scratch space: Macs are not thread-safe, and fresh buffers per request would be garbage. */
    private static final class Workspace {

        final Mac[] macs;
        final byte[] claims = new byte[PlaybackTokenFormat.MAX_CLAIMS_BYTES];
        final byte[] presentedMac = new byte[PlaybackTokenFormat.MAC_BYTES];
        final byte[] expectedMac = new byte[PlaybackTokenFormat.MAC_BYTES];

        Workspace(SecretKey[] keys) {
            macs = new Mac[keys.length];
            for (int i = 0; i < keys.length; i++) {
                macs[i] = HmacSha256.initialised(keys[i]);
            }
        }
    }
}
