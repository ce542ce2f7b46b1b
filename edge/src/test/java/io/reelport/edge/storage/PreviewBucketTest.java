package io.reelport.edge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.support.Previews;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.netty.resources.LoopResources;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The edge's own signed GETs against a real S3 server: s3proxy checks every signature. */
class PreviewBucketTest {


    static TestServices services;
    static S3Client s3;
    static LoopResources loops;
    static BucketClients clients;

    @BeforeAll
    static void start() {
        services = TestServices.provision(Need.S3);
        s3 = S3Clients.client(services.storage());
        loops = LoopResources.create("preview-bucket-test", 2, true);
        clients = BucketClients.on(loops.onServer(true), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        s3.close();
        clients.dispose();
        loops.dispose();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain/seg_00001.m4s", "with space/a b.vtt", "unicodé/fïlm ñ 映画.jpg", "plus+sign/a+b=c&d.m4s",
            "tilde~star*/(paren)'quote'!.m3u8", "percent%2F/100%.mp4"})
    void fetchesKeysThatNeedUriEncoding(String name) {
        String key = put(name, Previews.bytes(200_000, name.hashCode()));

        UpstreamObject object = bucket(services.storage()).get(key).block(Duration.ofSeconds(10));

        assertThat(object.meta().length()).isEqualTo(200_000);
        assertThat(object.meta().etag()).startsWith("\"").endsWith("\"");
        assertThat(read(object)).isEqualTo(Previews.bytes(200_000, name.hashCode()));
    }

    @Test
    void aMissingObjectIsNotFound() {
        assertThatThrownBy(() -> bucket(services.storage()).get("previews/no/such/object.m4s").block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StorageFailure.class, failure -> assertThat(failure.kind()).isEqualTo(StorageFailure.Kind.NOT_FOUND));
    }

    @Test
    void aWrongSecretKeyIsRefusedAsUnavailable() {
        String key = put("seg.m4s", new byte[] {1, 2, 3});
        StorageProperties right = services.storage();
        StorageProperties wrongSecret = new StorageProperties(right.endpoint(), right.region(), right.accessKey(),
                right.secretKey() + "-wrong", right.pathStyle(), right.buckets());

        assertThatThrownBy(() -> bucket(wrongSecret).get(key).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StorageFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(StorageFailure.Kind.UNAVAILABLE);
                    assertThat(failure.getMessage()).contains("403");
                });
        assertThat(read(bucket(right).get(key).block(Duration.ofSeconds(10)))).containsExactly(1, 2, 3);
    }

    private static String put(String name, byte[] content) {
        String key = "previews/" + UUID.randomUUID() + "/" + name;
        s3.putObject(request -> request.bucket(services.storage().buckets().previews()).key(key), RequestBody.fromBytes(content));
        return key;
    }

    private static PreviewBucket bucket(StorageProperties storage) {
        return new PreviewBucket(clients, storage, new EdgeMetrics(new SimpleMeterRegistry()));
    }

    private static byte[] read(UpstreamObject object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer chunk : Flux.from(object.body()).toIterable()) {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /**
     * A miss runs on the event loop of the player's request from start to end: the bucket's answer
     * arrives on that same loop, whichever loop it is (no hand-over between loops, see BucketClients).
     */
    @Test
    void eachEventLoopFetchesOnItsOwnConnections() throws Exception {
        String key = "previews/" + UUID.randomUUID() + "/loops/seg_00001.m4s";
        s3.putObject(request -> request.bucket(services.storage().buckets().previews()).key(key), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        PreviewBucket bucket = bucket(services.storage());
        for (io.netty.util.concurrent.EventExecutor loop : loops.onServer(true)) {
            for (int attempt = 0; attempt < 2; attempt++) {
                java.util.concurrent.CompletableFuture<Boolean> answeredOnTheLoop = new java.util.concurrent.CompletableFuture<>();
                loop.execute(() -> bucket.get(key).subscribe(
                        object -> {
                            answeredOnTheLoop.complete(loop.inEventLoop());
                            Flux.from(object.body()).subscribe();
                        },
                        answeredOnTheLoop::completeExceptionally));
                assertThat(answeredOnTheLoop.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    /**
     * S3 always sends Content-Length; a server that does not is refused by the edge, one that sends a
     * length that is not one by Netty's decoder: either way unavailable, and the connection left with
     * an unread body is not reused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "Content-Length: 3x\r\n\r\nabc", "Content-Length: -3\r\n\r\nabc"})
    void anAnswerWithoutAUsableContentLengthIsUnavailable(String headersAndBody) throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
            Thread answering = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket socket = server.accept()) {
                        connections.incrementAndGet();
                        java.io.BufferedReader request = new java.io.BufferedReader(
                                new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                        for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
                            // the request's headers
                        }
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nETag: \"e\"\r\n" + headersAndBody)
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                        socket.getOutputStream().flush();
                        Thread.sleep(200);
                    } catch (IOException | InterruptedException closed) {
                        return;
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            StorageProperties odd = new StorageProperties(URI.create("http://127.0.0.1:" + server.getLocalPort()), "us-east-1",
                    "AK", "SK", true, services.storage().buckets());

            for (int attempt = 1; attempt <= 2; attempt++) {
                assertThatThrownBy(() -> bucket(odd).get("previews/a/v/seg.m4s").block(Duration.ofSeconds(10)))
                        .isInstanceOfSatisfying(StorageFailure.class,
                                failure -> assertThat(failure.kind()).isEqualTo(StorageFailure.Kind.UNAVAILABLE));
            }
            assertThat(connections.get()).as("a new connection for the second GET").isEqualTo(2);
        }
    }
}
