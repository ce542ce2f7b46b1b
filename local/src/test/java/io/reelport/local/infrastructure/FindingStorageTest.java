package io.reelport.local.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.local.LaunchException;
import io.reelport.local.LocalProperties;
import io.reelport.local.process.LogFiles;
import io.reelport.local.secrets.DevelopmentSecrets;
import io.reelport.testsupport.lookup.LocalPorts;
import io.reelport.testsupport.s3.S3Endpoint;
import io.reelport.testsupport.s3.TestS3;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class FindingStorageTest {

    static final DevelopmentSecrets SECRETS = new DevelopmentSecrets("unused", "unused", "unused", "unused",
            "admin@reelport.local", "unused", "local-" + HexFormat.of().formatHex(SecureRandom.getSeed(4)),
            HexFormat.of().formatHex(SecureRandom.getSeed(20)));

    @TempDir
    Path directory;

    FindingStorage finding(LocalProperties.Storage settings) {
        return new FindingStorage(settings, SECRETS, directory.resolve("s3"), new LogFiles(directory.resolve("logs")));
    }

    static LocalProperties.Storage embedded(int port, StorageProperties.Buckets buckets) {
        return new LocalProperties.Storage(null, "us-east-1", "", "", true, port, buckets);
    }

    @Test
    void embeddedS3CreatesTheBucketsOnceAndKeepsObjectsAcrossRestarts() {
        int port = LocalPorts.free();
        StorageProperties.Buckets buckets = new StorageProperties.Buckets("reelport-staging", "reelport-masters", "reelport-previews");

        Found<StorageProperties> first = finding(embedded(port, buckets)).find();
        try {
            assertThat(first.value().endpoint()).hasToString("http://127.0.0.1:" + port);
            assertThat(first.value().accessKey()).isEqualTo(SECRETS.s3AccessKey());
            assertThat(first.value().pathStyle()).isTrue();
            assertThat(new CreatingBuckets(first.value()).createMissing())
                    .containsExactly("reelport-staging", "reelport-masters", "reelport-previews");
            try (S3Client s3 = S3Clients.client(first.value())) {
                s3.putObject(request -> request.bucket("reelport-masters").key("masters/a/v/source.mp4"), RequestBody.fromString("master"));
            }
        } finally {
            first.started().orElseThrow().stop();
        }
        assertThat(LocalPorts.isListening(port, 500)).isFalse();

        Found<StorageProperties> second = finding(embedded(port, buckets)).find();
        try {
            assertThat(new CreatingBuckets(second.value()).createMissing()).isEmpty();
            try (S3Client s3 = S3Clients.client(second.value())) {
                assertThat(s3.getObjectAsBytes(request -> request.bucket("reelport-masters").key("masters/a/v/source.mp4")).asUtf8String())
                        .isEqualTo("master");
            }
        } finally {
            second.started().orElseThrow().stop();
        }
    }

    @Test
    void embeddedS3RefusesAPortSomethingElseHolds() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> finding(embedded(taken.getLocalPort(), new StorageProperties.Buckets("a", "b", "c"))).find())
                    .isInstanceOf(LaunchException.class)
                    .hasMessageContaining("something else listens on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("set LOCAL_S3_PORT, or S3_ENDPOINT");
        }
    }

    @Test
    void aGivenEndpointIsUsedWithItsCredentialsAndOneBucketMayServeAllThree() {
        S3Endpoint server = TestS3.endpoint();
        String bucket = "rpt-local-" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        LocalProperties.Storage settings = new LocalProperties.Storage(server.endpoint(), server.region(), server.accessKey(),
                server.secretKey(), server.pathStyle(), 9000, new StorageProperties.Buckets(bucket, bucket, bucket));

        Found<StorageProperties> found = finding(settings).find();

        assertThat(found.started()).isEmpty();
        assertThat(found.description()).isEqualTo("S3_ENDPOINT " + server.endpoint());
        try {
            assertThat(new CreatingBuckets(found.value()).createMissing()).containsExactly(bucket);
            assertThat(new CreatingBuckets(found.value()).createMissing()).isEmpty();
        } finally {
            try (S3Client s3 = S3Clients.client(found.value())) {
                s3.deleteBucket(request -> request.bucket(bucket));
            }
        }
    }

    @Test
    void aGivenEndpointWithHalfItsCredentialsIsRefused() {
        LocalProperties.Storage settings = new LocalProperties.Storage(TestS3.endpoint().endpoint(), "us-east-1", "someone", "",
                true, 9000, new StorageProperties.Buckets("a", "b", "c"));

        assertThatThrownBy(() -> finding(settings).find())
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("S3_SECRET_KEY is not set");
    }

    @Test
    void bucketsTheCredentialsMayNotUseStopTheLauncherWithTheReason() {
        S3Endpoint server = TestS3.endpoint();
        StorageProperties wrongSecret = new StorageProperties(server.endpoint(), server.region(), server.accessKey(),
                "not-the-secret", true, new StorageProperties.Buckets("x-staging", "x-masters", "x-previews"));

        assertThatThrownBy(() -> new CreatingBuckets(wrongSecret).createMissing())
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("cannot check or create the buckets [x-staging, x-masters, x-previews] at " + server.endpoint());
    }
}
