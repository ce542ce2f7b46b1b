package io.reelport.common.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "203.0.113.0/24, 203.0.113.0/24",
            "203.0.113.7, 203.0.113.7/32",
            "0.0.0.0/0, 0.0.0.0/0",
            "255.255.255.255/32, 255.255.255.255/32",
            "2001:db8::/32, 2001:db8::/32",
            "2001:0DB8:0000:0000:0000:0000:0000:0000/32, 2001:db8::/32",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1/128",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1/128",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1/128",
            "::, ::/128",
            "::/0, ::/0",
            "::1, ::1/128",
            "1::, 1::/128",
            "fe80::/10, fe80::/10",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0/128",
            "::ffff:203.0.113.7, 203.0.113.7/32",
            "::ffff:203.0.113.0/120, 203.0.113.0/24",
            "::ffff:0:0/96, 0.0.0.0/0",
            "::ffff:cb00:7107, 203.0.113.7/32",
            "64:ff9b::198.51.100.1, 64:ff9b::c633:6401/128",
            "::fffe:0:0/95, ::fffe:0:0/95",
    })
    void parsesToCanonicalForm(String text, String canonical) {
        IpRange range = IpRange.parse(text);

        assertThat(range).hasToString(canonical);
        assertThat(IpRange.parse(canonical)).isEqualTo(range).hasSameHashCodeAs(range);
    }

    @Test
    void reportsFamilyAndPrefixLengthAsWritten() {
        assertThat(IpRange.parse("203.0.113.0/24").isIpv4()).isTrue();
        assertThat(IpRange.parse("203.0.113.0/24").prefixLength()).isEqualTo(24);
        assertThat(IpRange.parse("2001:db8::/32").isIpv4()).isFalse();
        assertThat(IpRange.parse("2001:db8::/32").prefixLength()).isEqualTo(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "203.0.113", "203.0.113.7.1", "203.0.113.256", "203.0.113.07", "0203.0.113.7",
            "203.0.113.7/33", "203.0.113.7/-1", "203.0.113.7/", "203.0.113.7/032", "203.0.113.7/24/", "1.2.3.4 ", "+1.2.3.4",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::", ":1::", "1::2:", "12345::", "g::1", "::/129",
            "fe80::1%eth0", "[::1]", "::ffff:1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4.5", "\u0661.2.3.4", "::\u0661",
            "2001:db8::/32 ", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128 but longer"})
    void refusesAnythingButALiteral(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> IpRange.parse(text));
        assertThat(IpRange.parseOrNull(text)).isNull();
    }

    @Test
    void refusesNull() {
        assertThatIllegalArgumentException().isThrownBy(() -> IpRange.parse(null));
        assertThat(IpRange.parseOrNull(null)).isNull();
    }

    @Test
    void refusesHostBitsBeyondThePrefixAndNamesTheRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> IpRange.parse("2001:db8::1/32"))
                .withMessageContaining("the range is 2001:db8::/32");
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "203.0.113.0/24, 203.0.113.0, true",
            "203.0.113.0/24, 203.0.113.255, true",
            "203.0.113.0/24, 203.0.114.0, false",
            "203.0.113.0/24, 203.0.112.255, false",
            "203.0.113.0/24, ::ffff:203.0.113.9, true",
            "203.0.113.0/24, ::FFFF:CB00:7109, true",
            "203.0.113.0/24, ::203.0.113.9, false",
            "203.0.113.0/24, 2001:db8::cb00:7109, false",
            "0.0.0.0/0, 198.51.100.1, true",
            "0.0.0.0/0, 2001:db8::1, false",
            "::/0, 2001:db8::1, true",
            "::/0, 198.51.100.1, true",
            "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
            "2001:db8::/32, 2001:db9::, false",
            "2001:db8:85a3:8d3::/64, 2001:db8:85a3:8d3:1319:8a2e:370:7348, true",
            "2001:db8:85a3:8d3::/64, 2001:db8:85a3:8d4::1, false",
            "2001:db8::1:0/112, 2001:db8::1:ffff, true",
            "2001:db8::1:0/112, 2001:db8::2:0, false",
            "::1/128, 0:0:0:0:0:0:0:1, true",
            "::1/128, ::2, false",
            "198.51.100.7/32, 198.51.100.7, true",
            "198.51.100.7/32, 198.51.100.6, false",
    })
    void containsAddressesInsideOnly(String range, String address, boolean inside) {
        assertThat(IpRange.parse(range).contains(address)).isEqualTo(inside);
    }

    @Test
    void containsNothingUnparseable() {
        IpRange everything = IpRange.parse("::/0");

        assertThat(everything.contains(null)).isFalse();
        assertThat(everything.contains("")).isFalse();
        assertThat(everything.contains("localhost")).isFalse();
        assertThat(everything.contains("10.0.0.1/8")).isFalse();
        assertThat(everything.contains("fe80::1%1")).isFalse();
        assertThat(everything.contains("1".repeat(10_000))).isFalse();
    }
}
