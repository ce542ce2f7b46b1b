package io.reelport.common.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.keys.KeyRing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/** Invariants of the token format over generated grants, requests and garbage. */
class PlaybackTokenPropertyTest {

    private static final String KEYS = "k1:ZtUtybDcQi660noSA7oMIxKcP9IZb3MnVHenIZzc1yM,"
            + "k2:wn78NkPlHcnM85khpxWfFZ8CEekmxylLrHDEIFpFfrlkewNEYsQ7j9D6ttbqbDia";
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<PlaybackTokenSigner> SIGNERS = List.of(
            new PlaybackTokenSigner(KeyRing.forSigning("PLAYBACK_KEYS", KEYS, "PLAYBACK_ACTIVE_KID", "k1")),
            new PlaybackTokenSigner(KeyRing.forSigning("PLAYBACK_KEYS", KEYS, "PLAYBACK_ACTIVE_KID", "k2")));
    private static final PlaybackTokenVerifier VERIFIER = new PlaybackTokenVerifier(
            KeyRing.forVerifying("PLAYBACK_KEYS", KEYS, "PLAYBACK_ACTIVE_KID", null), SKEW);

    /** A signed token together with one request it must grant. */
    record SignedRequest(PlaybackTokenSigner signer, PlaybackGrantRequest grant, String token, String path,
                         @Nullable String clientIp, Instant now) {
    }

    /** A client range for the signer and an address inside it. */
    record ClientBinding(String range, String address) {
    }

    @Property(tries = 10_000)
    void changingAnySingleCharacterOfAValidTokenIsRejected(
            @ForAll("signedRequests") SignedRequest request,
            @ForAll @IntRange(min = 0, max = 1023) int position,
            @ForAll("replacementCharacters") char replacement) {
        int index = position % request.token().length();
        Assume.that(request.token().charAt(index) != replacement);
        String changed = request.token().substring(0, index) + replacement + request.token().substring(index + 1);

        assertThat(VERIFIER.verify(request.token(), request.path(), request.clientIp(), request.now()).isGranted()).isTrue();
        assertThat(VERIFIER.verify(changed, request.path(), request.clientIp(), request.now()).isGranted())
                .as("token %s with position %d changed to %s", request.token(), index, replacement)
                .isFalse();
    }

    @Property(tries = 5000)
    void anyPathOutsideTheGrantIsRejected(@ForAll("signedRequests") SignedRequest request, @ForAll("pathsNear") String path) {
        Assume.that(!covers(request.grant().pathPrefix(), path));

        Verification verification = VERIFIER.verify(request.token(), path, request.clientIp(), request.now());

        assertThat(verification.isGranted()).as("path %s under prefix %s", path, request.grant().pathPrefix()).isFalse();
    }

    @Property(tries = 5000)
    void garbageNeverThrows(
            @ForAll("garbageTokens") @Nullable String token,
            @ForAll("garbageStrings") @Nullable String path,
            @ForAll("garbageStrings") @Nullable String clientIp,
            @ForAll("anyInstants") @Nullable Instant now) {
        assertThat(VERIFIER.verify(token, path, clientIp, now)).isNotNull();
    }

    @Property(tries = 2000)
    void validTokenWithGarbageRequestNeverThrows(
            @ForAll("signedRequests") SignedRequest request,
            @ForAll("garbageStrings") @Nullable String path,
            @ForAll("garbageStrings") @Nullable String clientIp,
            @ForAll("anyInstants") @Nullable Instant now) {
        assertThat(VERIFIER.verify(request.token(), path, clientIp, now)).isNotNull();
        assertThat(VERIFIER.verify(request.token(), request.path(), clientIp, request.now())).isNotNull();
    }

    @Property(tries = 3000)
    void signedGrantsVerifyForEveryPathBeneathThem(@ForAll("signedRequests") SignedRequest request) {
        Verification verification = VERIFIER.verify(request.token(), request.path(), request.clientIp(), request.now());

        assertThat(verification).isInstanceOf(Verification.Granted.class);
        PlaybackGrant grant = ((Verification.Granted) verification).grant();
        PlaybackGrantRequest asked = request.grant();
        assertThat(grant.kid()).isEqualTo(request.signer().kid());
        assertThat(grant.pathPrefix()).isEqualTo(asked.pathPrefix());
        assertThat(grant.expiresAt()).isEqualTo(Instant.ofEpochSecond(asked.expiresAt().getEpochSecond()));
        assertThat(grant.notBefore()).isEqualTo(Optional.ofNullable(asked.notBefore())
                .map(notBefore -> Instant.ofEpochSecond(notBefore.getEpochSecond())));
        assertThat(grant.client()).isEqualTo(Optional.ofNullable(asked.client()).map(IpRange::parse));
    }

    /** The documented grant rule, written independently of the verifier's byte-level version. */
    private static boolean covers(String prefix, String path) {
        return path.equals(prefix) || (prefix.endsWith("/") && path.startsWith(prefix));
    }

    @Provide
    Arbitrary<SignedRequest> signedRequests() {
        Arbitrary<String> prefixes = Combinators.combine(segments().list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, true, false))
                .as((segments, directory) -> String.join("/", segments) + (directory ? "/" : ""));
        Arbitrary<Long> lifetimes = Arbitraries.longs().between(1, 86_400 * 30L);
        Arbitrary<Long> ages = Arbitraries.longs().between(0, 86_400).injectNull(0.4);
        Arbitrary<ClientBinding> clients = clientBindings().injectNull(0.4);
        Arbitrary<String> suffixes = segments().list().ofMinSize(1).ofMaxSize(4).map(segments -> String.join("/", segments));
        Arbitrary<Long> nanosIntoWindow = Arbitraries.longs().between(0, 999_999_999L);
        return Combinators.combine(Arbitraries.of(SIGNERS), prefixes, lifetimes, ages, clients, suffixes, nanosIntoWindow)
                .as((signer, prefix, lifetime, age, client, suffix, nanos) -> {
                    Instant expiresAt = NOW.plusSeconds(lifetime);
                    Instant notBefore = age == null ? null : NOW.minusSeconds(age);
                    PlaybackGrantRequest grant = new PlaybackGrantRequest(prefix, expiresAt, notBefore,
                            client == null ? null : client.range());
                    String path = prefix.endsWith("/") ? prefix + suffix : prefix;
                    Instant now = NOW.plusNanos(nanos % (lifetime * 1_000_000_000L));
                    return new SignedRequest(signer, grant, signer.sign(grant), path, client == null ? null : client.address(), now);
                });
    }

    private static Arbitrary<String> segments() {
        return Arbitraries.strings().withChars("ABCXYZabcxyz0189._~-").ofMinLength(1).ofMaxLength(12)
                .filter(segment -> !segment.equals(".") && !segment.equals(".."));
    }

    private static Arbitrary<ClientBinding> clientBindings() {
        Arbitrary<ClientBinding> ipv4 = Combinators.combine(Arbitraries.integers().between(0, 32), Arbitraries.integers())
                .as((bits, address) -> {
                    int mask = bits == 0 ? 0 : -1 << (32 - bits);
                    return new ClientBinding(dotted(address & mask) + "/" + bits, dotted(address));
                });
        Arbitrary<ClientBinding> ipv6 = Combinators.combine(
                        Arbitraries.integers().between(0, 128),
                        Arbitraries.integers().between(0, 0xffff).array(int[].class).ofSize(8))
                .as((bits, groups) -> {
                    int[] network = new int[8];
                    for (int i = 0; i < 8; i++) {
                        int groupBits = Math.max(0, Math.min(16, bits - 16 * i));
                        network[i] = groupBits == 0 ? 0 : groups[i] & (0xffff << (16 - groupBits)) & 0xffff;
                    }
                    return new ClientBinding(colonHex(network) + "/" + bits, colonHex(groups));
                });
        return Arbitraries.oneOf(ipv4, ipv6);
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    private static String colonHex(int[] groups) {
        StringBuilder text = new StringBuilder();
        for (int group : groups) {
            text.append(text.length() == 0 ? "" : ":").append(Integer.toHexString(group));
        }
        return text.toString();
    }

    @Provide
    Arbitrary<Character> replacementCharacters() {
        return Arbitraries.oneOf(
                Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/".toCharArray()),
                Arbitraries.chars().all());
    }

    @Provide
    Arbitrary<String> pathsNear() {
        Arbitrary<String> arbitraryPaths = Arbitraries.strings().withChars("ab01./_~-%\\").ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> wellFormed = segments().list().ofMinSize(1).ofMaxSize(6).map(segments -> String.join("/", segments));
        return Arbitraries.oneOf(arbitraryPaths, wellFormed);
    }

    @Provide
    Arbitrary<String> garbageTokens() {
        Arbitrary<String> base64ish = Arbitraries.strings().withChars("ABCabc0189-_.=").ofMaxLength(200);
        Arbitrary<String> shaped = Combinators.combine(
                        Arbitraries.of("1.", "2.", "01.", "1", "", "999999999.", "1234567890."),
                        base64ish,
                        Arbitraries.strings().withChars("ABCabc0189-_").ofLength(43))
                .as((version, claims, mac) -> version + claims + "." + mac);
        return Arbitraries.oneOf(shaped, garbageStrings()).injectNull(0.05);
    }

    @Provide
    Arbitrary<String> garbageStrings() {
        return Arbitraries.frequencyOf(
                        Tuple.of(10, Arbitraries.strings().all().ofMaxLength(64)),
                        Tuple.of(5, Arbitraries.strings().withChars("0123456789abcdefABCDEF.:/%[]").ofMaxLength(60)),
                        Tuple.of(2, Arbitraries.strings().all().ofMinLength(500).ofMaxLength(3000)),
                        Tuple.of(1, Arbitraries.of("x".repeat(100_000), "a/".repeat(50_000))))
                .injectNull(0.05);
    }

    @Provide
    Arbitrary<Instant> anyInstants() {
        Arbitrary<Instant> nearNow = Arbitraries.longs().between(-86_400 * 60L, 86_400 * 60L).map(NOW::plusSeconds);
        Arbitrary<Instant> anywhere = Combinators.combine(
                        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        return Arbitraries.oneOf(nearNow, anywhere, Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH)).injectNull(0.05);
    }
}
