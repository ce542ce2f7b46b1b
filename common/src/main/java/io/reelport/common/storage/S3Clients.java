package io.reelport.common.storage;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The one place S3 clients are built, so that every service talks to AWS S3, DigitalOcean
 * Spaces, MinIO and s3proxy the same way.
 *
 * <p>Checksums are calculated and validated only when an operation requires them: the SDK's
 * default trailing CRC32 checksums ({@code x-amz-checksum-crc32}, aws-chunked uploads) are refused
 * by several S3-compatible servers, s3proxy among them. Integrity of uploads is checked end to end
 * with SHA-256 by the worker instead.
 */
public final class S3Clients {

    private S3Clients() {
    }

    /** Blocking client (Apache HttpClient 5): backend and worker. */
    public static S3Client client(StorageProperties properties) {
        return S3Client.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials(properties))
                .serviceConfiguration(serviceConfiguration(properties))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(64)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .applyMutation(builder -> {
                    if (properties.endpoint() != null) {
                        builder.endpointOverride(properties.endpoint());
                    }
                })
                .build();
    }

    private static S3Configuration serviceConfiguration(StorageProperties properties) {
        return S3Configuration.builder()
                .pathStyleAccessEnabled(properties.pathStyle())
                .chunkedEncodingEnabled(false)
                .build();
    }

    /** Static keys when set, else the SDK's default chain; also for the requests Reelport signs itself ({@link S3SigV4}). */
    public static AwsCredentialsProvider credentials(StorageProperties properties) {
        if (properties.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(properties.accessKey(), properties.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
