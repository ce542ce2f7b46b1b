package io.reelport.common.storage;

import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Readiness of the object store: each bucket this service needs answers a HEAD request with the
 * service's own credentials. A service whose buckets are missing or whose keys are wrong should
 * not take traffic, and this says which bucket is the problem.
 */
public final class StorageHealthIndicator extends AbstractHealthIndicator {

    private final S3Client s3;
    private final List<String> buckets;

    public StorageHealthIndicator(S3Client s3, List<String> buckets) {
        super("Object storage health check failed");
        this.s3 = s3;
        this.buckets = List.copyOf(buckets);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        for (String bucket : buckets) {
            s3.headBucket(request -> request.bucket(bucket));
        }
        builder.up().withDetail("buckets", buckets);
    }
}
