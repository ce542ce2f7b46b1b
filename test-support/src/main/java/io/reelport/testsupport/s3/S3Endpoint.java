package io.reelport.testsupport.s3;

import io.reelport.common.storage.StorageProperties;
import java.net.URI;

/**
 * An S3 API and the credentials to use it: what {@link TestS3} found or an {@link S3ProxyServer}
 * serves. {@link #storage} turns it into the {@link StorageProperties} the services bind.
 */
public record S3Endpoint(URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {

    public StorageProperties storage(StorageProperties.Buckets buckets) {
        return new StorageProperties(endpoint, region, accessKey, secretKey, pathStyle, buckets);
    }

    @Override
    public String toString() {
        // No secret key: this ends up in logs and assertion messages.
        return "S3Endpoint[" + endpoint + ", region=" + region + ", accessKey=" + accessKey + ", pathStyle=" + pathStyle + "]";
    }
}
