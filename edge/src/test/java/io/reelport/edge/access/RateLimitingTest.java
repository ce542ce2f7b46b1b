package io.reelport.edge.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.keys.KeyRing;
import io.reelport.common.playback.PlaybackGrantRequest;
import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenSigner;
import io.reelport.edge.support.Previews;
import io.reelport.edge.support.RawHttp;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The per-client limit, keyed on the address the trusted proxy header carries. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitingTest {

    static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = ReelportTestProperties.register(registry, Need.S3);
        String cacheDir = Files.createTempDirectory("edge-rate").toString();
        registry.add("reelport.edge.cache.dir", () -> cacheDir);
        registry.add("reelport.edge.client-ip-header", () -> "do-connecting-ip");
        // A slow refill, so the test is not racing it.
        registry.add("reelport.edge.rate-limit.requests-per-second", () -> "1");
        registry.add("reelport.edge.rate-limit.burst", () -> "3");
    }

    @LocalServerPort
    int port;

    @Test
    void aClientOverItsBurstGets429WhileOthersAreServed() {
        try (Previews previews = new Previews(services.storage())) {
            String path = previews.put("poster.jpg", new byte[] {1, 2, 3});
            KeyRing ring = KeyRing.forSigning(PlaybackKeyProperties.KEYS_VARIABLE, ReelportTestProperties.PLAYBACK_KEYS,
                    PlaybackKeyProperties.ACTIVE_KID_VARIABLE, ReelportTestProperties.PLAYBACK_ACTIVE_KID);
            String url = "/p/" + new PlaybackTokenSigner(ring).sign(new PlaybackGrantRequest(previews.prefix(),
                    Instant.now().plus(1, ChronoUnit.HOURS))) + "/" + path;
            RawHttp http = new RawHttp(port);

            assertThat(http.get(url, "do-connecting-ip: 198.51.100.1").status()).as("warm-up, another client").isEqualTo(200);

            long started = System.nanoTime();
            int served = 0;
            RawHttp.Response limited = null;
            for (int i = 0; i < 10; i++) {
                RawHttp.Response response = http.get(url, "do-connecting-ip: 203.0.113.5");
                if (response.status() == 200) {
                    served++;
                } else {
                    assertThat(response.status()).isEqualTo(429);
                    limited = response;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // burst 3, plus one per second that passed while the loop ran (the machine may be slow)
            assertThat(served).isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(3 + (int) Math.ceil(seconds));
            assertThat(limited).as("some requests over the limit").isNotNull();
            assertThat(limited.header("Retry-After")).contains("1");

            assertThat(http.get(url, "do-connecting-ip: 203.0.113.6").status()).as("another client").isEqualTo(200);
            assertThat(http.get("/actuator/health", "do-connecting-ip: 203.0.113.5").status())
                    .as("only playback is limited").isEqualTo(200);
        }
    }
}
