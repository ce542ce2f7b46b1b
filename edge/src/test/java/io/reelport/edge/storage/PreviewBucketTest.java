package io.reelport.edge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.platform.EdgeProperties;
import io.reelport.edge.support.Previews;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.TestServices;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The edge's own signed GETs against a real S3 server: s3proxy checks every signature. */
class PreviewBucketTest {

    static final EdgeProperties EDGE = new EdgeProperties(new EdgeProperties.Cache(Path.of("unused"), DataSize.ofMegabytes(1)),
            Duration.ofSeconds(10), List.of(), null, new EdgeProperties.RateLimit(0, 0), Duration.ofSeconds(10), Duration.ofDays(365));

    static TestServices services;
    static S3Client s3;
    static ConnectionProvider connections;
    static HttpClient http;

    @BeforeAll
    static void start() {
        services = TestServices.provision(Need.S3);
        s3 = S3Clients.client(services.storage());
        connections = ConnectionProvider.create("preview-bucket-test", 4);
        http = HttpClient.create(connections);
    }

    @AfterAll
    static void stop() {
        s3.close();
        connections.dispose();
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
        return new PreviewBucket(http, storage, EDGE, new EdgeMetrics(new SimpleMeterRegistry()));
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
}
