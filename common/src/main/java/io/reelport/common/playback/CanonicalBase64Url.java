package io.reelport.common.playback;

import java.util.Arrays;

/**
 * A base64url decoder that accepts exactly one spelling per byte string: no padding, nothing
 * outside the alphabet, and zero bits in the unused low end of the last character. The JDK's
 * decoder ignores those unused bits, so {@code ...A} and {@code ...B} can decode alike and a token
 * with a changed character would still verify, which makes tokens malleable and confuses any cache
 * or replay list keyed on the token text.
 */
final class CanonicalBase64Url {

    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private CanonicalBase64Url() {
    }

    /** How many bytes {@code chars} characters decode to, or -1 when no canonical encoding has that length. */
    static int decodedLength(int chars) {
        return chars % 4 == 1 ? -1 : chars / 4 * 3 + Math.max(0, chars % 4 - 1);
    }

    /**
     * Decodes {@code text[from, to)} into {@code out} from index 0 and answers the byte count, or
     * -1 when it is not canonical base64url or does not fit.
     */
    static int decode(String text, int from, int to, byte[] out) {
        int length = decodedLength(to - from);
        if (length < 0 || length > out.length) {
            return -1;
        }
        int written = 0;
        int i = from;
        for (int wholeQuadsEnd = from + (to - from) / 4 * 4; i < wholeQuadsEnd; i += 4) {
            int bits = value(text.charAt(i)) << 18 | value(text.charAt(i + 1)) << 12
                    | value(text.charAt(i + 2)) << 6 | value(text.charAt(i + 3));
            if (bits < 0) {
                return -1;
            }
            out[written++] = (byte) (bits >> 16);
            out[written++] = (byte) (bits >> 8);
            out[written++] = (byte) bits;
        }
        int rest = to - i;
        if (rest == 2) {
            int bits = value(text.charAt(i)) << 6 | value(text.charAt(i + 1));
            if (bits < 0 || (bits & 0xf) != 0) {
                return -1;
            }
            out[written++] = (byte) (bits >> 4);
        } else if (rest == 3) {
            int bits = value(text.charAt(i)) << 12 | value(text.charAt(i + 1)) << 6 | value(text.charAt(i + 2));
            if (bits < 0 || (bits & 0x3) != 0) {
                return -1;
            }
            out[written++] = (byte) (bits >> 10);
            out[written++] = (byte) (bits >> 2);
        }
        return written;
    }

    // Invalid characters answer a value whose sign bit survives every shift-and-or above.
    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }
}
