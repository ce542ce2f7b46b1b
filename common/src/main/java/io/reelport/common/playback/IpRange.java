package io.reelport.common.playback;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 network a playback token can be bound to.
 *
 * <p>Parsed by hand rather than with {@link java.net.InetAddress}, which resolves a host name when
 * given one where a literal was expected: the edge must never block on DNS because of what a client
 * sent. Only plain literals are accepted: dotted quads without leading zeros (some parsers read
 * {@code 010} as octal), IPv6 with {@code ::} compression and a trailing dotted quad, no zone ids,
 * no brackets.
 *
 * <p>IPv4 is held as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}), so a dual-stack server that
 * reports an IPv4 client as {@code ::ffff:203.0.113.7} still matches {@code 203.0.113.0/24}, and
 * an IPv4 range never matches a native IPv6 client.
 */
public final class IpRange {

    private static final long MAPPED_IPV4_HIGH = 0L;
    private static final long MAPPED_IPV4_LOW_MARKER = 0x0000_ffff_0000_0000L;
    private static final int MAPPED_IPV4_BITS = 96;
    private static final int ADDRESS_BITS = 128;
    // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128" is the longest literal worth reading.
    private static final int MAX_TEXT_LENGTH = 49;

    private final long networkHigh;
    private final long networkLow;
    private final int prefixBits;

    private IpRange(long networkHigh, long networkLow, int prefixBits) {
        this.networkHigh = networkHigh;
        this.networkLow = networkLow;
        this.prefixBits = prefixBits;
    }

    /**
     * Parses {@code 203.0.113.0/24}, {@code 2001:db8::/32}, or a single address, which becomes a
     * {@code /32} or {@code /128}.
     *
     * @throws IllegalArgumentException when it is not such a literal, or when a range has bits set
     *                                  beyond its prefix (a typo that would bind more or fewer
     *                                  clients than meant)
     */
    public static IpRange parse(String cidrOrAddress) {
        IpRange range = parseOrNull(cidrOrAddress);
        if (range != null) {
            return range;
        }
        IpRange masked = parse(cidrOrAddress, true);
        if (masked != null) {
            throw new IllegalArgumentException("'" + cidrOrAddress + "' has bits set beyond its prefix; the range is " + masked);
        }
        String shown = cidrOrAddress == null || cidrOrAddress.length() <= MAX_TEXT_LENGTH
                ? String.valueOf(cidrOrAddress)
                : cidrOrAddress.substring(0, MAX_TEXT_LENGTH) + "...";
        throw new IllegalArgumentException("'" + shown + "' is not an IP address or CIDR range");
    }

    /** Like {@link #parse} but answers {@code null} instead of throwing, for the verifier's hot path. */
    static @Nullable IpRange parseOrNull(@Nullable CharSequence cidrOrAddress) {
        return parse(cidrOrAddress, false);
    }

    private static @Nullable IpRange parse(@Nullable CharSequence text, boolean maskHostBits) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        int slash = indexOf(text, '/');
        int addressEnd = slash < 0 ? text.length() : slash;
        long[] address = new long[2];
        if (!parseAddress(text, 0, addressEnd, address)) {
            return null;
        }
        boolean writtenAsIpv4 = indexOf(text, ':') < 0;
        int prefixBits = ADDRESS_BITS;
        if (slash >= 0) {
            int writtenBits = parsePrefixLength(text, slash + 1, text.length());
            if (writtenBits < 0 || writtenBits > (writtenAsIpv4 ? 32 : ADDRESS_BITS)) {
                return null;
            }
            prefixBits = writtenAsIpv4 ? MAPPED_IPV4_BITS + writtenBits : writtenBits;
        }
        long maskHigh = maskHigh(prefixBits);
        long maskLow = maskLow(prefixBits);
        boolean hostBitsSet = (address[0] & ~maskHigh) != 0 || (address[1] & ~maskLow) != 0;
        if (hostBitsSet && !maskHostBits) {
            return null;
        }
        return new IpRange(address[0] & maskHigh, address[1] & maskLow, prefixBits);
    }

    /** Whether {@code address} is a literal inside this range; {@code false} for anything unparseable. */
    public boolean contains(@Nullable String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_TEXT_LENGTH) {
            return false;
        }
        long[] parsed = new long[2];
        if (!parseAddress(address, 0, address.length(), parsed)) {
            return false;
        }
        return ((parsed[0] ^ networkHigh) & maskHigh(prefixBits)) == 0
                && ((parsed[1] ^ networkLow) & maskLow(prefixBits)) == 0;
    }

    /** Whether this is an IPv4 range (written as such in {@link #toString()}). */
    public boolean isIpv4() {
        return prefixBits >= MAPPED_IPV4_BITS && networkHigh == MAPPED_IPV4_HIGH
                && (networkLow & 0xffff_ffff_0000_0000L) == MAPPED_IPV4_LOW_MARKER;
    }

    /** The prefix length as written for this family: 0–32 for IPv4, 0–128 for IPv6. */
    public int prefixLength() {
        return isIpv4() ? prefixBits - MAPPED_IPV4_BITS : prefixBits;
    }

    /** The canonical CIDR form that goes into a token's claims, for example {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        if (isIpv4()) {
            long v4 = networkLow & 0xffff_ffffL;
            return (v4 >>> 24) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff)
                    + "/" + prefixLength();
        }
        return ipv6Text() + "/" + prefixBits;
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    private String ipv6Text() {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (networkHigh >>> (48 - 16 * i)) & 0xffff;
            groups[i + 4] = (int) (networkLow >>> (48 - 16 * i)) & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange that && networkHigh == that.networkHigh && networkLow == that.networkLow
                && prefixBits == that.prefixBits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(networkHigh) * 31 * 31 + Long.hashCode(networkLow) * 31 + prefixBits;
    }

    private static long maskHigh(int prefixBits) {
        if (prefixBits >= 64) {
            return -1L;
        }
        return prefixBits == 0 ? 0L : -1L << (64 - prefixBits);
    }

    private static long maskLow(int prefixBits) {
        if (prefixBits <= 64) {
            return 0L;
        }
        return prefixBits == ADDRESS_BITS ? -1L : -1L << (ADDRESS_BITS - prefixBits);
    }

    private static int indexOf(CharSequence text, char wanted) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Decimal 0–999 without leading zeros, or -1. */
    private static int parsePrefixLength(CharSequence text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Writes the 128-bit form of an IPv4 or IPv6 literal into {@code out[0]} (high) and {@code out[1]} (low). */
    private static boolean parseAddress(CharSequence text, int from, int to, long[] out) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ':') {
                return parseIpv6(text, from, to, out);
            }
        }
        long ipv4 = parseIpv4(text, from, to);
        if (ipv4 < 0) {
            return false;
        }
        out[0] = MAPPED_IPV4_HIGH;
        out[1] = MAPPED_IPV4_LOW_MARKER | ipv4;
        return true;
    }

    /** The 32-bit value of a strict dotted quad, or -1. */
    private static long parseIpv4(CharSequence text, int from, int to) {
        long value = 0;
        int i = from;
        for (int octets = 1; ; octets++) {
            int start = i;
            int octet = 0;
            while (i < to && i - start < 3) {
                int digit = text.charAt(i) - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                octet = octet * 10 + digit;
                i++;
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = value << 8 | octet;
            if (octets == 4) {
                return i == to ? value : -1;
            }
            if (i >= to || text.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    // Not Character.digit, which also accepts non-ASCII digits such as U+0663.
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean parseIpv6(CharSequence text, int from, int to, long[] out) {
        int[] groups = new int[8];
        int count = 0;
        int compressedAt = -1;
        int i = from;
        if (to - from >= 2 && text.charAt(from) == ':' && text.charAt(from + 1) == ':') {
            compressedAt = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 5) {
                int digit = hexValue(text.charAt(i));
                if (digit < 0) {
                    break;
                }
                value = value << 4 | digit;
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                // A trailing dotted quad fills the last two groups, as in ::ffff:203.0.113.7.
                long ipv4 = count <= 6 ? parseIpv4(text, start, to) : -1;
                if (ipv4 < 0) {
                    return false;
                }
                groups[count++] = (int) (ipv4 >>> 16);
                groups[count++] = (int) (ipv4 & 0xffff);
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || count == 8) {
                return false;
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (compressedAt >= 0) {
                    return false;
                }
                compressedAt = count;
                i++;
            } else if (i == to) {
                return false;
            }
        }
        if (compressedAt < 0 ? count != 8 : count > 7) {
            return false;
        }
        long high = 0;
        long low = 0;
        int zeros = 8 - count;
        for (int slot = 0, g = 0; slot < 8; slot++) {
            boolean inGap = compressedAt >= 0 && slot >= compressedAt && slot < compressedAt + zeros;
            long group = inGap ? 0 : groups[g++];
            if (slot < 4) {
                high = high << 16 | group;
            } else {
                low = low << 16 | group;
            }
        }
        out[0] = high;
        out[1] = low;
        return true;
    }
}
