package io.reelport.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelport.common.playback.PlaybackGrantRequest;
import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenSigner;
import io.reelport.common.keys.KeyRing;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.edge.EdgeApplication;
import io.reelport.edge.support.CountingProxy;
import io.reelport.edge.support.Previews;
import io.reelport.edge.support.RawHttp;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The disk cache against a real S3 server of its own (so it can be stopped), with a counting TCP
 * proxy in between: every upstream GET the edge makes is seen, nothing is mocked.
 */
@ExtendWith(OutputCaptureExtension.class)
class CachingPreviewsTest {

    static S3ProxyServer storage;
    static CountingProxy proxy;
    static StorageProperties buckets;
    static Path cacheDir;
    static ConfigurableApplicationContext edge;
    static PlaybackTokenSigner signer;

    @BeforeAll
    static void start() throws Exception {
        storage = S3ProxyServer.startTemporary();
        String prefix = "rpt-edge-" + UUID.randomUUID().toString().substring(0, 8);
        buckets = storage.endpoint().storage(new StorageProperties.Buckets(prefix + "-staging", prefix + "-masters", prefix + "-previews"));
        try (S3Client s3 = S3Clients.client(buckets)) {
            s3.createBucket(request -> request.bucket(buckets.buckets().previews()));
        }
        proxy = new CountingProxy(storage.endpoint().endpoint().getPort());
        cacheDir = Files.createTempDirectory("edge-cache");
        signer = new PlaybackTokenSigner(KeyRing.forSigning(PlaybackKeyProperties.KEYS_VARIABLE, ReelportTestProperties.PLAYBACK_KEYS,
                PlaybackKeyProperties.ACTIVE_KID_VARIABLE, ReelportTestProperties.PLAYBACK_ACTIVE_KID));
        edge = startEdge(cacheDir, "64MB");
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    static ConfigurableApplicationContext startEdge(Path dir, String maxSize) {
        return new SpringApplicationBuilder(EdgeApplication.class).run(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--reelport.storage.endpoint=http://127.0.0.1:" + proxy.port(),
                "--reelport.storage.region=" + buckets.region(),
                "--reelport.storage.access-key=" + buckets.accessKey(),
                "--reelport.storage.secret-key=" + buckets.secretKey(),
                "--reelport.storage.path-style=true",
                "--reelport.storage.buckets.previews=" + buckets.buckets().previews(),
                "--reelport.playback.keys=" + ReelportTestProperties.PLAYBACK_KEYS,
                "--reelport.edge.cache.dir=" + dir,
                "--reelport.edge.cache.max-size=" + maxSize,
                "--reelport.edge.upstream-timeout=3s",
                "--reelport.edge.rate-limit.requests-per-second=0");
    }

    static RawHttp http(ConfigurableApplicationContext context) {
        return new RawHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    static String url(Previews previews, String path) {
        return "/p/" + signer.sign(new PlaybackGrantRequest(previews.prefix(), Instant.now().plus(Duration.ofHours(1)))) + "/" + path;
    }

    static String tokenOf(String url) {
        return url.split("/")[2];
    }

    static double counter(ConfigurableApplicationContext context, String name, String... tags) {
        return context.getBean(MeterRegistry.class).counter(name, tags).count();
    }

    @Test
    void theSecondRequestIsServedFromDisk() {
        try (Previews previews = new Previews(buckets)) {
            byte[] segment = Previews.bytes(200_000, 1);
            String path = previews.put("hls/720p/seg_00001.m4s", segment);
            double hits = counter(edge, "reelport.edge.cache.lookups", "result", "hit");

            assertThat(http(edge).get(url(previews, path)).body()).isEqualTo(segment);
            assertThat(http(edge).get(url(previews, path)).body()).isEqualTo(segment);
            assertThat(http(edge).get(url(previews, path), "Range: bytes=10-19").body())
                    .isEqualTo(java.util.Arrays.copyOfRange(segment, 10, 20));

            assertThat(proxy.gets(path)).isEqualTo(1);
            assertThat(counter(edge, "reelport.edge.cache.lookups", "result", "hit")).isEqualTo(hits + 2);
            assertThat(counter(edge, "reelport.edge.cache.fill.bytes")).isGreaterThanOrEqualTo(segment.length);
        }
    }

    @Test
    void concurrentMissesMakeOneUpstreamGetAndAllAreServed() throws Exception {
        try (Previews previews = new Previews(buckets)) {
            byte[] segment = Previews.bytes(3 * 1024 * 1024, 2);
            String path = previews.put("hls/1080p/seg_00001.m4s", segment);
            String url = url(previews, path);
            int requesters = 12;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(requesters);
            try {
                List<Future<RawHttp.Response>> responses = new ArrayList<>();
                for (int i = 0; i < requesters; i++) {
                    int index = i;
                    responses.add(pool.submit(() -> {
                        go.await();
                        // half of them ask for a range, as players seeking would
                        return index % 2 == 0 ? http(edge).get(url) : http(edge).get(url, "Range: bytes=1000000-1999999");
                    }));
                }
                go.countDown();
                for (int i = 0; i < requesters; i++) {
                    RawHttp.Response response = responses.get(i).get();
                    if (i % 2 == 0) {
                        assertThat(response.status()).isEqualTo(200);
                        assertThat(response.body()).isEqualTo(segment);
                    } else {
                        assertThat(response.status()).isEqualTo(206);
                        assertThat(response.body()).isEqualTo(java.util.Arrays.copyOfRange(segment, 1_000_000, 2_000_000));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(proxy.gets(path)).isEqualTo(1);
        }
    }

    @Test
    void aMissReachesItsPlayersWhileTheFillIsStillArrivingAndALateJoinerGetsTheWholeObject() throws Exception {
        try (Previews previews = new Previews(buckets)) {
            byte[] segment = Previews.bytes(1024 * 1024, 8);
            String path = previews.put("hls/720p/seg_tee.m4s", segment);
            String key = "previews/" + path;
            DiskCache cache = edge.getBean(DiskCache.class);
            int port = Integer.parseInt(edge.getEnvironment().getProperty("local.server.port"));
            proxy.slowResponses(32 * 1024, 40); // about 1.3 s for the whole object
            try (StreamedGet first = new StreamedGet(port, url(previews, path))) {
                byte[] start = first.readBody(1);
                assertThat(cache.lookup(key)).as("the first bytes came before the fill completed").isEmpty();
                try (StreamedGet second = new StreamedGet(port, url(previews, path))) {
                    byte[] secondStart = second.readBody(1);
                    assertThat(cache.lookup(key)).as("the second player joined the fill in flight").isEmpty();
                    assertThat(concat(start, first.readRest())).isEqualTo(segment);
                    assertThat(concat(secondStart, second.readRest())).isEqualTo(segment);
                }
            } finally {
                proxy.slowResponses(0, 0);
            }
            assertThat(proxy.gets(path)).as("one upstream GET for both").isEqualTo(1);
            assertThat(cache.lookup(key)).as("and the fill was kept").isPresent();
            assertThat(http(edge).get(url(previews, path)).body()).isEqualTo(segment);
            assertThat(proxy.gets(path)).isEqualTo(1);
        }
    }

    private static byte[] concat(byte[] first, byte[] rest) {
        byte[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /** A GET whose body is read bit by bit, to see what a player has while the edge is still filling. */
    private static final class StreamedGet implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.DataInputStream in;
        private long remaining;

        StreamedGet(int port, String target) throws java.io.IOException {
            socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 200");
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            assertThat(length.find()).isTrue();
            remaining = Long.parseLong(length.group(1));
        }

        byte[] readBody(int count) throws java.io.IOException {
            byte[] bytes = new byte[count];
            in.readFully(bytes);
            remaining -= count;
            return bytes;
        }

        byte[] readRest() throws java.io.IOException {
            return readBody((int) remaining);
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    @Test
    void storageDownServesCachedObjectsAndAnswers502ForTheRest(CapturedOutput output) {
        try (Previews previews = new Previews(buckets)) {
            byte[] poster = Previews.bytes(50_000, 3);
            String cached = previews.put("poster.jpg", poster);
            String uncached = previews.put("preview.mp4", Previews.bytes(10_000, 4));
            assertThat(http(edge).get(url(previews, cached)).status()).isEqualTo(200);

            storage.stop();
            try {
                RawHttp.Response hit = http(edge).get(url(previews, cached));
                assertThat(hit.status()).isEqualTo(200);
                assertThat(hit.body()).isEqualTo(poster);
                assertThat(http(edge).get(url(previews, cached), "Range: bytes=0-9").status()).isEqualTo(206);
                String uncachedUrl = url(previews, uncached);
                assertThat(http(edge).get(uncachedUrl).status()).isEqualTo(502);
                assertThat(output.getAll()).contains("Previews bucket failed for " + uncached)
                        .doesNotContain(tokenOf(uncachedUrl));
                assertThat(counter(edge, "reelport.edge.requests", "outcome", "bad_gateway", "reason", "none")).isPositive();
            } finally {
                storage.start();
            }
            assertThat(http(edge).get(url(previews, uncached)).status()).as("recovers once storage is back").isEqualTo(200);
        }
    }

    @Test
    void aBodyCutShortByStorageCutsThePlayersConnectionAndIsNotCached(CapturedOutput output) throws Exception {
        try (Previews previews = new Previews(buckets)) {
            byte[] segment = Previews.bytes(2 * 1024 * 1024, 7);
            String path = previews.put("hls/720p/seg_cut.m4s", segment);
            String url = url(previews, path);
            proxy.cutResponsesAfter(256 * 1024);
            RawHttp.Response cut;
            try {
                cut = http(edge).get(url);
            } finally {
                proxy.cutResponsesAfter(-1);
            }

            assertThat(cut.status()).isEqualTo(200);
            assertThat(cut.header("Content-Length")).contains(Integer.toString(segment.length));
            assertThat(cut.body().length).as("the connection was closed early").isLessThan(segment.length);
            assertThat(edge.getBean(DiskCache.class).lookup("previews/" + path)).as("no entry from a cut fill").isEmpty();
            try (var files = Files.walk(cacheDir)) {
                assertThat(files.filter(file -> file.toString().endsWith(DiskCache.TEMP_SUFFIX)))
                        .as("nor a partial file").isEmpty();
            }
            RawHttp.Response whole = http(edge).get(url);
            assertThat(whole.body()).isEqualTo(segment);
            assertThat(proxy.gets(path)).as("the cut fill was not kept").isEqualTo(2);
            assertThat(output.getAll()).contains("Sending " + path + " failed after its headers").doesNotContain(tokenOf(url));
        }
    }

    @Test
    void aBodyThatStallsIsCutAfterTheUpstreamTimeoutAndNotCached(CapturedOutput output) throws Exception {
        try (Previews previews = new Previews(buckets)) {
            byte[] segment = Previews.bytes(2 * 1024 * 1024, 8);
            String path = previews.put("hls/720p/seg_stall.m4s", segment);
            String url = url(previews, path);
            proxy.stallResponsesAfter(256 * 1024);
            long started = System.nanoTime();
            RawHttp.Response stalled;
            try {
                stalled = http(edge).get(url);
            } finally {
                proxy.stallResponsesAfter(-1);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(stalled.status()).isEqualTo(200);
            assertThat(stalled.body().length).as("the connection was closed early").isLessThan(segment.length);
            assertThat(took).as("given up after the 3 s upstream timeout, not before")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofSeconds(20));
            assertThat(edge.getBean(DiskCache.class).lookup("previews/" + path)).as("no entry from a stalled fill").isEmpty();
            try (var files = Files.walk(cacheDir)) {
                assertThat(files.filter(file -> file.toString().endsWith(DiskCache.TEMP_SUFFIX)))
                        .as("nor a partial file").isEmpty();
            }
            assertThat(http(edge).get(url).body()).as("recovers").isEqualTo(segment);
            assertThat(output.getAll()).contains("Sending " + path + " failed after its headers").doesNotContain(tokenOf(url));
        }
    }

    @Test
    void hungStorageIs504AfterTheUpstreamTimeout(CapturedOutput output) {
        try (Previews previews = new Previews(buckets)) {
            String path = previews.put("hls/480p/seg_00001.m4s", Previews.bytes(1000, 5));
            proxy.stall(true);
            long started = System.nanoTime();
            RawHttp.Response response;
            try {
                response = http(edge).get(url(previews, path));
            } finally {
                proxy.stall(false);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.status()).isEqualTo(504);
            assertThat(output.getAll()).contains("Previews bucket timed out for " + path);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofSeconds(20));
            assertThat(http(edge).get(url(previews, path)).status()).as("recovers").isEqualTo(200);
        }
    }

    @Test
    void aRestartedEdgeKeepsItsHits() {
        try (Previews previews = new Previews(buckets)) {
            byte[] segment = Previews.bytes(120_000, 6);
            String path = previews.put("hls/720p/seg_00042.m4s", segment);
            RawHttp.Response first = http(edge).get(url(previews, path));
            assertThat(first.status()).isEqualTo(200);

            edge.close();
            edge = startEdge(cacheDir, "64MB");

            RawHttp.Response afterRestart = http(edge).get(url(previews, path));
            assertThat(afterRestart.status()).isEqualTo(200);
            assertThat(afterRestart.body()).isEqualTo(segment);
            assertThat(afterRestart.header("ETag")).isEqualTo(first.header("ETag"));
            assertThat(afterRestart.header("Last-Modified")).isEqualTo(first.header("Last-Modified"));
            assertThat(proxy.gets(path)).isEqualTo(1);
            assertThat(counter(edge, "reelport.edge.cache.lookups", "result", "hit")).isPositive();
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedAtTheCapAndNeverCachesWhatCannotFit() throws Exception {
        Path smallDir = Files.createTempDirectory("edge-small-cache");
        ConfigurableApplicationContext small = startEdge(smallDir, "250000B");
        try (Previews previews = new Previews(buckets)) {
            String a = previews.put("hls/a.m4s", Previews.bytes(100_000, 10));
            String b = previews.put("hls/b.m4s", Previews.bytes(100_000, 11));
            String c = previews.put("hls/c.m4s", Previews.bytes(100_000, 12));
            String huge = previews.put("preview.mp4", Previews.bytes(300_000, 13));
            RawHttp http = http(small);

            http.get(url(previews, a));
            http.get(url(previews, b));
            http.get(url(previews, a)); // a is now the most recently used
            http.get(url(previews, c)); // over the cap: b goes

            assertThat(http.get(url(previews, a)).status()).isEqualTo(200);
            assertThat(proxy.gets(a)).as("a stayed").isEqualTo(1);
            assertThat(http.get(url(previews, b)).status()).isEqualTo(200);
            assertThat(proxy.gets(b)).as("b was evicted and fetched again").isEqualTo(2);
            assertThat(counter(small, "reelport.edge.cache.evictions")).isGreaterThanOrEqualTo(1);
            assertThat(small.getBean(DiskCache.class).totalBytes()).isLessThanOrEqualTo(250_000);

            RawHttp.Response hugeResponse = http.get(url(previews, huge));
            assertThat(hugeResponse.status()).isEqualTo(200);
            assertThat(hugeResponse.body()).hasSize(300_000);
            http.get(url(previews, huge));
            assertThat(proxy.gets(huge)).as("larger than the cache: streamed through every time").isEqualTo(2);
            try (var files = Files.walk(smallDir)) {
                assertThat(files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum())
                        .isLessThanOrEqualTo(250_000);
            }
        } finally {
            small.close();
        }
    }
}
