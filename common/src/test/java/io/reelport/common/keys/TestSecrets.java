package io.reelport.common.keys;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets in the key-ring format, for tests of every module (ships in common's test-jar). */
public final class TestSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestSecrets() {
    }

    /** A base64url secret of {@code bytes} random bytes. */
    public static String secret(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** {@code kid:secret} for a fresh 256-bit secret. */
    public static String keyEntry(String kid) {
        return kid + ":" + secret(32);
    }
}
