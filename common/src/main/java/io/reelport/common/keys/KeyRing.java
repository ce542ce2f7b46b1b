package io.reelport.common.keys;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A set of HMAC secrets addressed by key id, with one active kid for signing.
 *
 * <p>Written as {@code kid:secret[,kid:secret...]} in one environment variable (for example
 * {@code PLAYBACK_KEYS}) with the signing kid in another ({@code PLAYBACK_ACTIVE_KID}). Several
 * kids let a key be rotated without failed requests: add the new kid everywhere, make it active,
 * drop the old one once the longest token lifetime has passed. Secrets are base64url (RFC 4648
 * section 5, padding optional; the standard alphabet is accepted too) and must decode to at least
 * 256 bits, because HMAC-SHA256 with a shorter key is weaker than its output suggests.
 *
 * <p>Every refusal is a {@link SecretConfigurationException} naming the variable, so a
 * misconfigured service stops at startup with one line that says what to fix.
 */
public final class KeyRing {

    public static final int MIN_SECRET_BYTES = 32;
    public static final String HMAC_ALGORITHM = "HmacSHA256";
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final String HOW_TO_FIX = "generate one with scripts/generate-secrets.sh";

    private final Map<String, SecretKey> keys;
    private final String activeKid;

    private KeyRing(Map<String, SecretKey> keys, String activeKid) {
        this.keys = Collections.unmodifiableMap(keys);
        this.activeKid = activeKid;
    }

    /**
     * Parses a key ring that must be able to sign: {@code activeKid} is required and must name
     * one of the keys.
     */
    public static KeyRing forSigning(String keysVariable, String keys, String activeKidVariable, String activeKid) {
        KeyRing ring = parse(keysVariable, keys, activeKidVariable, activeKid);
        if (ring.activeKid == null) {
            throw new SecretConfigurationException(activeKidVariable,
                    "is not set; name the kid from " + keysVariable + " that signs new tokens");
        }
        return ring;
    }

    /**
     * Parses a key ring that only verifies (the edge): {@code activeKid} may be blank, but when
     * given it must name one of the keys.
     */
    public static KeyRing forVerifying(String keysVariable, String keys, String activeKidVariable, String activeKid) {
        return parse(keysVariable, keys, activeKidVariable, activeKid);
    }

    private static KeyRing parse(String keysVariable, String keys, String activeKidVariable, String activeKid) {
        if (keys == null || keys.isBlank()) {
            throw new SecretConfigurationException(keysVariable, "is not set; " + HOW_TO_FIX);
        }
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String entry : keys.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw new SecretConfigurationException(keysVariable,
                        "has an entry without a kid; write kid:secret[,kid:secret...]");
            }
            String kid = trimmed.substring(0, colon).trim();
            if (!KID.matcher(kid).matches()) {
                throw new SecretConfigurationException(keysVariable,
                        "has an invalid kid '" + printable(kid) + "'; use 1-32 of A-Z a-z 0-9 _ - starting with a letter or digit");
            }
            byte[] secret = decodeSecret(keysVariable, kid, trimmed.substring(colon + 1).trim());
            if (parsed.putIfAbsent(kid, new SecretKeySpec(secret, HMAC_ALGORITHM)) != null) {
                throw new SecretConfigurationException(keysVariable, "names kid '" + kid + "' twice");
            }
        }
        if (parsed.isEmpty()) {
            throw new SecretConfigurationException(keysVariable, "has no keys; " + HOW_TO_FIX);
        }
        String active = activeKid == null || activeKid.isBlank() ? null : activeKid.trim();
        if (active != null && !parsed.containsKey(active)) {
            throw new SecretConfigurationException(activeKidVariable,
                    "is '" + printable(active) + "', which is not a kid in " + keysVariable + " (kids: "
                            + String.join(", ", parsed.keySet()) + ")");
        }
        return new KeyRing(parsed, active);
    }

    private static byte[] decodeSecret(String variable, String kid, String encoded) {
        String urlAlphabet = encoded.replace('+', '-').replace('/', '_');
        int end = urlAlphabet.length();
        while (end > 0 && urlAlphabet.charAt(end - 1) == '=') {
            end--;
        }
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(urlAlphabet.substring(0, end));
        } catch (IllegalArgumentException notBase64) {
            throw new SecretConfigurationException(variable,
                    "key '" + kid + "' is not base64url; " + HOW_TO_FIX);
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new SecretConfigurationException(variable,
                    "key '" + kid + "' has " + secret.length * 8 + " bits; at least " + MIN_SECRET_BYTES * 8
                            + " are required; " + HOW_TO_FIX);
        }
        return secret;
    }

    private static String printable(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** The kid that signs; present for rings built with {@link #forSigning}. */
    public String activeKid() {
        if (activeKid == null) {
            throw new IllegalStateException("this key ring has no active kid: it can only verify");
        }
        return activeKid;
    }

    public SecretKey activeKey() {
        return keys.get(activeKid());
    }

    public Optional<SecretKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** Kids in the order they were configured. */
    public Set<String> kids() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        // Never print secrets, not even in a debugger's summary.
        return "KeyRing" + keys.keySet() + (activeKid == null ? "" : " active=" + activeKid);
    }
}
