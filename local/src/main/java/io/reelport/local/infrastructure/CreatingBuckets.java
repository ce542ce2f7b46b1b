package io.reelport.local.infrastructure;

import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.local.LaunchException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Makes sure the staging, masters and previews buckets exist (they may be one bucket), creating
 * the missing ones. Existing buckets and their objects are left alone.
 */
public final class CreatingBuckets {

    private static final Logger log = LoggerFactory.getLogger(CreatingBuckets.class);

    private final StorageProperties storage;

    public CreatingBuckets(StorageProperties storage) {
        this.storage = storage;
    }

    /** @return the buckets that had to be created */
    public List<String> createMissing() {
        Set<String> buckets = new LinkedHashSet<>(List.of(
                storage.buckets().staging(), storage.buckets().masters(), storage.buckets().previews()));
        List<String> created = new ArrayList<>();
        try (S3Client s3 = S3Clients.client(storage)) {
            for (String bucket : buckets) {
                if (!exists(s3, bucket)) {
                    s3.createBucket(request -> {
                        request.bucket(bucket);
                        // AWS refuses a bucket outside us-east-1 unless the request names the region.
                        if (!"us-east-1".equals(storage.region())) {
                            request.createBucketConfiguration(configuration -> configuration.locationConstraint(storage.region()));
                        }
                    });
                    created.add(bucket);
                    log.info("Created bucket {}", bucket);
                }
            }
        } catch (SdkException e) {
            throw new LaunchException("cannot check or create the buckets " + buckets + " at "
                    + (storage.endpoint() == null ? "AWS S3" : storage.endpoint()) + ": " + e.getMessage(), e);
        }
        return created;
    }

    private static boolean exists(S3Client s3, String bucket) {
        try {
            s3.headBucket(request -> request.bucket(bucket));
            return true;
        } catch (NoSuchBucketException missing) {
            return false;
        }
    }
}
