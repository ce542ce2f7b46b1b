package io.reelport.backend.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of an API key: {@code rp_} and 256 random bits in base64url. A fast hash is enough to
 * store it (unlike a password it cannot be guessed from a dictionary), and it lets the bearer filter
 * find the key with one indexed lookup.
 */
final class ApiKeySecret {

    static final String PREFIX = "rp_";
    private static final int RANDOM_BYTES = 32;
    /** {@code rp_} plus seven characters: enough to tell keys apart in a listing, useless to an attacker. */
    private static final int SHOWN_PREFIX_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecret() {
    }

    static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean hasKeyShape(String presented) {
        return presented.startsWith(PREFIX) && presented.length() == PREFIX.length() + 43
                && presented.substring(PREFIX.length()).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    static String shownPrefix(String secret) {
        return secret.substring(0, SHOWN_PREFIX_LENGTH);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
