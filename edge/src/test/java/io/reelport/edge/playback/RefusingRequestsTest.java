package io.reelport.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelport.common.playback.PlaybackGrantRequest;
import io.reelport.common.playback.PlaybackRejection;
import io.reelport.common.playback.PlaybackTokenSigner;
import io.reelport.common.playback.PlaybackTokenVectors;
import io.reelport.edge.support.MutableClock;
import io.reelport.edge.support.Previews;
import io.reelport.edge.support.RawHttp;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every refusal through real HTTP: each rejection reason of the frozen token vectors, path tricks,
 * CORS, and no token in any log line (access log included).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RefusingRequestsTest {

    static final PlaybackTokenVectors VECTORS = PlaybackTokenVectors.get();
    static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = ReelportTestProperties.register(registry, Need.S3);
        // The edge verifies with the vectors' ring, so the frozen tokens mean what they say.
        registry.add("reelport.playback.keys", VECTORS::keysValue);
        registry.add("reelport.playback.active-kid", () -> "");
        registry.add("reelport.playback.clock-skew", () -> VECTORS.clockSkew().toSeconds() + "s");
        String cacheDir = Files.createTempDirectory("edge-refusing").toString();
        registry.add("reelport.edge.cache.dir", () -> cacheDir);
        registry.add("reelport.edge.client-ip-header", () -> "do-connecting-ip");
        registry.add("reelport.edge.cors-allowed-origins", () -> "https://player.example, https://other.example");
        registry.add("reelport.edge.rate-limit.requests-per-second", () -> "0");
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    MeterRegistry meters;
    RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    double refusals(String outcome, String reason) {
        return meters.counter("reelport.edge.requests", "outcome", outcome, "reason", reason).count();
    }

    /**
     * Whether the token and path reach the edge as sent: characters a URI path may hold (others, like
     * a backslash, are refused with 400 by the HTTP layer before the verifier sees them).
     */
    static boolean sendable(String token, String path) {
        return (token + path).chars().allMatch(c -> c < 0x7f
                && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/%".indexOf(c) >= 0)) && token.indexOf('/') < 0;
    }

    @Test
    void everyVerificationVectorGetsItsStatusAndReasonOverHttp(CapturedOutput output) {
        Set<PlaybackRejection> seen = EnumSet.noneOf(PlaybackRejection.class);
        List<String> tokens = new ArrayList<>();
        int granted = 0;
        for (PlaybackTokenVectors.VerificationVector vector : VECTORS.verification()) {
            if (!sendable(vector.token(), vector.path())) {
                continue;
            }
            tokens.add(vector.token());
            clock.set(vector.now());
            String[] headers = vector.clientIp() == null ? new String[0] : new String[] {"do-connecting-ip: " + vector.clientIp()};
            if (vector.expectsGrant()) {
                // Granted, and there is no such object in the bucket: the token check was passed.
                assertThat(http.get("/p/" + vector.token() + "/" + vector.path(), headers).status()).as(vector.name()).isEqualTo(404);
                granted++;
                continue;
            }
            PlaybackRejection reason = vector.expectedRejection().orElseThrow();
            String outcome = reason.kind() == PlaybackRejection.Kind.TOKEN ? "forbidden" : "bad_request";
            double before = refusals(outcome, reason.code());

            RawHttp.Response response = http.get("/p/" + vector.token() + "/" + vector.path(), headers);

            assertThat(response.status()).as(vector.name()).isEqualTo(reason.kind().httpStatus());
            assertThat(response.text()).as("no reason in the body").doesNotContain(reason.code()).doesNotContain("_");
            assertThat(refusals(outcome, reason.code())).as(vector.name()).isEqualTo(before + 1);
            seen.add(reason);
        }
        assertThat(granted).isPositive();
        // The vectors whose paths cannot travel on a request line as written are covered by the path tricks below.
        assertThat(seen).containsAll(EnumSet.complementOf(EnumSet.of(PlaybackRejection.PATH_BACKSLASH,
                PlaybackRejection.PATH_CONTROL_CHARACTER, PlaybackRejection.PATH_INVALID_CHARACTER)));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(output.getAll()).contains("\"GET /p/{token}/3f2b8c1e-5d4a-4e7b-9c6f-1a2b3c4d5e6f/"));
        for (String token : tokens) {
            if (token.length() >= 16) {
                assertThat(output.getAll()).as("a token in the logs").doesNotContain(token);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "dot-dot escaping the version          | hls/../../other/secret.m4s",
            "dot-dot encoded                       | hls/%2e%2e/%2e%2e/other/secret.m4s",
            "encoded slash                         | hls%2F720p%2Findex.m3u8",
            "double slash                          | hls//720p/index.m3u8",
            "dot segment                           | hls/./720p/index.m3u8",
            "backslash                             | hls\\..\\..\\secret",
            "encoded NUL                           | hls/index.m3u8%00.jpg",
            "encoded backslash                     | hls%5Cindex.m3u8",
            "trailing dot-dot                      | hls/..",
            "space (encoded)                       | hls/a%20b.m3u8"})
    void pathTricksAreBadRequests(String name, String trick, CapturedOutput output) {
        Previews previews = new Previews(services.storage());
        String token = validToken(previews.prefix());

        RawHttp.Response response = http.get("/p/" + token + "/" + previews.prefix() + trick);

        assertThat(response.status()).as(name).isEqualTo(400);
        assertThat(output.getAll()).doesNotContain(token);
        previews.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"NUL|0", "TAB|9", "DEL|127", "non-ASCII look-alike slash|8725", "raw space|32"})
    void rawControlAndNonAsciiCharactersAreBadRequests(String name, int codePoint, CapturedOutput output) {
        Previews previews = new Previews(services.storage());
        String token = validToken(previews.prefix());
        String character = new String(Character.toChars(codePoint));
        String path = previews.prefix() + "hls" + character + "index.m3u8";
        String onTheWire = new String(path.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);

        RawHttp.Response response = http.get("/p/" + token + "/" + onTheWire);

        // Netty refuses some of these before the edge sees them; either way it is a 400.
        assertThat(response.status()).as(name).isEqualTo(400);
        assertThat(output.getAll()).doesNotContain(token);
        previews.close();
    }

    @Test
    void aPathOutsideTheGrantIsForbiddenEvenWhenTheObjectExists() {
        try (Previews granted = new Previews(services.storage()); Previews other = new Previews(services.storage())) {
            String secret = other.put("poster.jpg", new byte[] {1, 2, 3});
            String token = validToken(granted.prefix());

            assertThat(http.get("/p/" + token + "/" + secret).status()).isEqualTo(403);
            assertThat(http.get("/p/" + validToken(other.prefix()) + "/" + secret).status()).isEqualTo(200);
        }
    }

    @Test
    void aTokenWithoutAPathIsABadRequest() {
        String token = validToken("a/");

        assertThat(http.get("/p/" + token).status()).isEqualTo(400);
        assertThat(http.get("/p/" + token + "/").status()).isEqualTo(400);
    }

    @Test
    void corsPreflightAllowsConfiguredOriginsAndExposesRangeHeaders() {
        try (Previews previews = new Previews(services.storage())) {
            String path = previews.put("hls/720p/seg_00001.m4s", Previews.bytes(1000, 1));
            String url = "/p/" + validToken(previews.prefix()) + "/" + path;

            RawHttp.Response preflight = http.send("OPTIONS", url, "Origin: https://player.example",
                    "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: range, if-none-match");
            assertThat(preflight.status()).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).contains("https://player.example");
            assertThat(preflight.header("Access-Control-Allow-Methods")).hasValueSatisfying(methods ->
                    assertThat(methods).contains("GET").contains("HEAD"));
            assertThat(preflight.header("Access-Control-Allow-Headers")).hasValueSatisfying(headers ->
                    assertThat(headers.toLowerCase()).contains("range").contains("if-none-match"));

            RawHttp.Response get = http.get(url, "Origin: https://player.example", "Range: bytes=0-99");
            assertThat(get.status()).isEqualTo(206);
            assertThat(get.header("Access-Control-Allow-Origin")).contains("https://player.example");
            assertThat(get.header("Access-Control-Expose-Headers")).hasValueSatisfying(exposed ->
                    assertThat(exposed).contains("Content-Length").contains("Content-Range").contains("Accept-Ranges"));

            RawHttp.Response stranger = http.send("OPTIONS", url, "Origin: https://evil.example",
                    "Access-Control-Request-Method: GET");
            assertThat(stranger.status()).isEqualTo(403);
            assertThat(stranger.header("Access-Control-Allow-Origin")).isEmpty();
            assertThat(http.get(url, "Origin: https://evil.example").status()).isEqualTo(403);
        }
    }

    @Test
    void refusalsShowInPrometheusByReason() {
        String token = validToken("a/b/");
        clock.set(Instant.now().plus(Duration.ofDays(2)));
        assertThat(http.get("/p/" + token + "/a/b/poster.jpg").status()).isEqualTo(403);
        clock.reset();

        RawHttp.Response scrape = http.get("/actuator/prometheus");

        assertThat(scrape.text()).contains("reelport_edge_requests_total{outcome=\"forbidden\",reason=\"expired\"}")
                .contains("reelport_edge_cache_hit_ratio").contains("reelport_edge_bytes_served_bytes_total")
                .contains("reelport_edge_cache_evictions_total").contains("reelport_edge_cache_fill_bytes_total");
    }

    String validToken(String prefix) {
        PlaybackTokenSigner signer = new PlaybackTokenSigner(VECTORS.signingRing(VECTORS.keys().get(0).kid()));
        return signer.sign(new PlaybackGrantRequest(prefix, Instant.now().plus(Duration.ofDays(1))));
    }
}
