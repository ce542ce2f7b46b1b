package io.reelport.common.storage;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The SDK's presigner for the same storage settings: the reference {@link ObjectPresigner} is held to,
 * and presigned GETs for tests. The services presign with {@link ObjectPresigner} alone.
 */
public final class SdkPresigners {

    private SdkPresigners() {
    }

    public static S3Presigner of(StorageProperties storage) {
        return of(storage, S3Clients.credentials(storage));
    }

    public static S3Presigner of(StorageProperties storage, AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(storage.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(storage.pathStyle()).build());
        if (storage.endpoint() != null) {
            builder.endpointOverride(storage.endpoint());
        }
        return builder.build();
    }
}
