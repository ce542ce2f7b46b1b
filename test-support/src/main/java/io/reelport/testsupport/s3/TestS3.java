package io.reelport.testsupport.s3;

import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.lookup.DockerAvailability;
import io.reelport.testsupport.lookup.FoundOnce;
import io.reelport.testsupport.lookup.TestEnvironment;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 API of this test JVM, found on first use in this order:
 * <ol>
 *   <li>{@code TEST_S3_ENDPOINT} with {@code TEST_S3_ACCESS_KEY}, {@code TEST_S3_SECRET_KEY},
 *       {@code TEST_S3_REGION} (default {@code us-east-1}) and {@code TEST_S3_PATH_STYLE}
 *       (default {@code true}); when set it is the only candidate;</li>
 *   <li>a MinIO container, when Docker is available ({@code TEST_S3_MINIO_IMAGE} overrides the image);</li>
 *   <li>s3proxy in a child JVM ({@link S3ProxyServer}), which needs nothing but Java.</li>
 * </ol>
 * Tests isolate themselves with {@link #createBuckets()}, three fresh buckets per test class.
 *
 * <p>This shared server is never stopped by a test. A test that takes storage away (a fault test)
 * starts its own with {@link S3ProxyServer#startTemporary()}.
 */
public final class TestS3 {

    public static final String ENDPOINT_VARIABLE = "TEST_S3_ENDPOINT";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";
    private static final int MINIO_PORT = 9000;
    private static final Logger log = LoggerFactory.getLogger(TestS3.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FoundOnce<Found> FOUND = new FoundOnce<>(TestS3::find);
    private static final Set<String> CREATED_BUCKETS = ConcurrentHashMap.newKeySet();

    private TestS3() {
    }

    public static S3Endpoint endpoint() {
        return FOUND.get().endpoint();
    }

    /**
     * Creates {@code rpt-<random>-staging}, {@code -masters} and {@code -previews} and returns the
     * storage settings that name them. On a server named by {@code TEST_S3_ENDPOINT} they are
     * emptied and deleted when the JVM exits.
     */
    public static StorageProperties createBuckets() {
        Found found = FOUND.get();
        String prefix = "rpt-" + randomHex(6);
        StorageProperties.Buckets buckets = new StorageProperties.Buckets(
                prefix + "-staging", prefix + "-masters", prefix + "-previews");
        String region = found.endpoint().region();
        for (String bucket : List.of(buckets.staging(), buckets.masters(), buckets.previews())) {
            found.client().createBucket(request -> {
                request.bucket(bucket);
                // AWS refuses a bucket outside us-east-1 unless the request names the region.
                if (!"us-east-1".equals(region)) {
                    request.createBucketConfiguration(configuration -> configuration.locationConstraint(region));
                }
            });
            CREATED_BUCKETS.add(bucket);
        }
        return found.endpoint().storage(buckets);
    }

    /** The server found and a client for it. */
    private record Found(S3Endpoint endpoint, S3Client client) {
    }

    private static Found find() {
        Optional<String> configured = TestEnvironment.get(ENDPOINT_VARIABLE);
        if (configured.isPresent()) {
            S3Endpoint endpoint = new S3Endpoint(URI.create(configured.get()),
                    TestEnvironment.get("TEST_S3_REGION").orElse("us-east-1"),
                    TestEnvironment.get("TEST_S3_ACCESS_KEY").orElse(null),
                    TestEnvironment.get("TEST_S3_SECRET_KEY").orElse(null),
                    Boolean.parseBoolean(TestEnvironment.get("TEST_S3_PATH_STYLE").orElse("true")));
            S3Client client = clientFor(endpoint);
            try {
                client.listBuckets();
            } catch (SdkException e) {
                throw new IllegalStateException(ENDPOINT_VARIABLE + " is " + endpoint.endpoint()
                        + " but listing buckets there failed (check TEST_S3_ACCESS_KEY, TEST_S3_SECRET_KEY, TEST_S3_REGION): "
                        + e.getMessage(), e);
            }
            // Only a server that outlives this JVM needs its test buckets removed.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteCreatedBuckets(client), "reelport-test-s3-cleanup"));
            return found(new Found(endpoint, client), ENDPOINT_VARIABLE + " " + endpoint);
        }
        if (DockerAvailability.isAvailable()) {
            return minio();
        }
        S3ProxyServer server = S3ProxyServer.startTemporary();
        return found(new Found(server.endpoint(), clientFor(server.endpoint())), server.toString());
    }

    private static Found found(Found found, String description) {
        log.info("S3 for tests: {}", description);
        return found;
    }

    private static Found minio() {
        String image = TestEnvironment.get("TEST_S3_MINIO_IMAGE").orElse(MINIO_IMAGE);
        String accessKey = "rpt-" + randomHex(6);
        String secretKey = randomHex(20);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand("server", "/data")
                .withEnv("MINIO_ROOT_USER", accessKey)
                .withEnv("MINIO_ROOT_PASSWORD", secretKey)
                .withExposedPorts(MINIO_PORT)
                .waitingFor(Wait.forHttp("/minio/health/live").forPort(MINIO_PORT));
        container.start(); // Ryuk removes it when this JVM exits
        S3Endpoint endpoint = new S3Endpoint(
                URI.create("http://" + container.getHost() + ":" + container.getMappedPort(MINIO_PORT)),
                "us-east-1", accessKey, secretKey, true);
        return found(new Found(endpoint, clientFor(endpoint)), "container " + image + " at " + endpoint.endpoint());
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static S3Client clientFor(S3Endpoint endpoint) {
        return S3Clients.client(endpoint.storage(new StorageProperties.Buckets("unused", "unused", "unused")));
    }

    private static void deleteCreatedBuckets(S3Client client) {
        for (String bucket : CREATED_BUCKETS) {
            try {
                ListObjectsV2Response page;
                String token = null;
                do {
                    String continuation = token;
                    page = client.listObjectsV2(request -> request.bucket(bucket).continuationToken(continuation));
                    for (S3Object object : page.contents()) {
                        client.deleteObject(request -> request.bucket(bucket).key(object.key()));
                    }
                    token = page.nextContinuationToken();
                } while (token != null);
                client.listMultipartUploads(request -> request.bucket(bucket)).uploads().forEach(upload ->
                        client.abortMultipartUpload(request -> request.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
                client.deleteBucket(request -> request.bucket(bucket));
            } catch (SdkException e) {
                System.err.println("reelport test-support: could not delete test bucket " + bucket + ": " + e.getMessage());
            }
        }
    }
}
