package io.reelport.common.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyRingTest {


    @Test
    void parsesSeveralKidsInOrderAndPicksTheActiveOne() {
        KeyRing ring = KeyRing.forSigning("PLAYBACK_KEYS", " k1:" + TestSecrets.secret(32) + " , k2:" + TestSecrets.secret(48) + " ",
                "PLAYBACK_ACTIVE_KID", "k2");

        assertThat(ring.kids()).containsExactly("k1", "k2");
        assertThat(ring.activeKid()).isEqualTo("k2");
        assertThat(ring.activeKey().getEncoded()).hasSize(48);
        assertThat(ring.key("k1")).isPresent();
        assertThat(ring.key("nope")).isEmpty();
    }

    @Test
    void acceptsTheStandardBase64AlphabetAndPadding() {
        byte[] raw = new byte[32];
        raw[0] = (byte) 0xfb; // encodes to '+' or '/' in the standard alphabet
        raw[1] = (byte) 0xff;
        String standard = Base64.getEncoder().encodeToString(raw);
        assertThat(standard).containsAnyOf("+", "/").endsWith("=");

        KeyRing ring = KeyRing.forVerifying("JWT_KEYS", "a:" + standard, "JWT_ACTIVE_KID", null);

        assertThat(ring.key("a").orElseThrow().getEncoded()).isEqualTo(raw);
    }

    @Test
    void refusesSecretsShorterThan256BitsNamingTheVariable() {
        assertThatThrownBy(() -> KeyRing.forVerifying("PLAYBACK_KEYS", "k1:" + TestSecrets.secret(31), "PLAYBACK_ACTIVE_KID", null))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageStartingWith("PLAYBACK_KEYS key 'k1' has 248 bits; at least 256 are required")
                .satisfies(e -> assertThat(((SecretConfigurationException) e).variable()).isEqualTo("PLAYBACK_KEYS"));
    }

    @Test
    void refusesMissingAndEmptyRings() {
        assertThatThrownBy(() -> KeyRing.forVerifying("JWT_KEYS", null, "JWT_ACTIVE_KID", null))
                .hasMessageStartingWith("JWT_KEYS is not set");
        assertThatThrownBy(() -> KeyRing.forVerifying("JWT_KEYS", "  ", "JWT_ACTIVE_KID", null))
                .hasMessageStartingWith("JWT_KEYS is not set");
        assertThatThrownBy(() -> KeyRing.forVerifying("JWT_KEYS", " , ,", "JWT_ACTIVE_KID", null))
                .hasMessageStartingWith("JWT_KEYS has no keys");
    }

    @Test
    void refusesMalformedEntries() {
        String good = TestSecrets.secret(32);
        assertThatThrownBy(() -> KeyRing.forVerifying("K", good, "A", null))
                .hasMessageContaining("entry without a kid");
        assertThatThrownBy(() -> KeyRing.forVerifying("K", "bad kid:" + good, "A", null))
                .hasMessageContaining("invalid kid 'bad kid'");
        assertThatThrownBy(() -> KeyRing.forVerifying("K", ":" + good, "A", null))
                .hasMessageContaining("invalid kid ''");
        assertThatThrownBy(() -> KeyRing.forVerifying("K", "k1:not*base64!", "A", null))
                .hasMessageContaining("key 'k1' is not base64url");
        assertThatThrownBy(() -> KeyRing.forVerifying("K", "k1:" + good + ",k1:" + TestSecrets.secret(32), "A", null))
                .hasMessageContaining("names kid 'k1' twice");
    }

    @Test
    void signingNeedsAnActiveKidThatExists() {
        String keys = "k1:" + TestSecrets.secret(32);
        assertThatThrownBy(() -> KeyRing.forSigning("JWT_KEYS", keys, "JWT_ACTIVE_KID", " "))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageStartingWith("JWT_ACTIVE_KID is not set");
        assertThatThrownBy(() -> KeyRing.forSigning("JWT_KEYS", keys, "JWT_ACTIVE_KID", "k9"))
                .hasMessageStartingWith("JWT_ACTIVE_KID is 'k9', which is not a kid in JWT_KEYS (kids: k1)");
        assertThatThrownBy(() -> KeyRing.forVerifying("JWT_KEYS", keys, "JWT_ACTIVE_KID", "k9"))
                .hasMessageStartingWith("JWT_ACTIVE_KID is 'k9'");
    }

    @Test
    void aVerifyingRingWithoutActiveKidCannotSign() {
        KeyRing ring = KeyRing.forVerifying("K", "k1:" + TestSecrets.secret(32), "A", "");
        assertThatThrownBy(ring::activeKid).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverPrintsSecrets() {
        String s = TestSecrets.secret(32);
        KeyRing ring = KeyRing.forSigning("K", "k1:" + s, "A", "k1");
        assertThat(ring.toString()).doesNotContain(s).contains("k1");
    }
}
