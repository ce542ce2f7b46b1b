package io.reelport.worker.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Object Lock retention for masters ({@code MASTERS_RETENTION_DAYS} > 0). Not every store has
 * Object Lock (DigitalOcean Spaces and s3proxy do not), and a bucket must have been created with it:
 * the worker asks the bucket once, and where it is unsupported it warns and copies masters without
 * retention rather than failing every ingest.
 */
public final class MastersRetention {

    private static final Logger log = LoggerFactory.getLogger(MastersRetention.class);

    private final S3Client s3;
    private final String bucket;
    private final int days;
    private final ObjectLockMode mode;
    private final Clock clock;
    /** null until the bucket answered. */
    private final AtomicReference<Boolean> supported = new AtomicReference<>();

    public MastersRetention(S3Client s3, String bucket, int days, String mode, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.days = days;
        this.mode = ObjectLockMode.fromValue(mode.toUpperCase(java.util.Locale.ROOT));
        if (this.mode == ObjectLockMode.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("reelport.worker.masters-retention-mode must be GOVERNANCE or COMPLIANCE");
        }
        this.clock = clock;
    }

    /** The lock to put on a new master, or empty when retention is off or unsupported. */
    public Optional<Lock> lockForNewMaster() {
        if (days <= 0 || !supported()) {
            return Optional.empty();
        }
        return Optional.of(new Lock(mode, clock.instant().plus(Duration.ofDays(days))));
    }

    public record Lock(ObjectLockMode mode, Instant retainUntil) {
    }

    /** Asks the bucket (once it answers); storage errors other than "not supported" propagate. */
    public boolean supported() {
        if (days <= 0) {
            return false;
        }
        Boolean known = supported.get();
        if (known != null) {
            return known;
        }
        boolean answer;
        try {
            var configuration = s3.getObjectLockConfiguration(request -> request.bucket(bucket)).objectLockConfiguration();
            answer = configuration != null && configuration.objectLockEnabled() == ObjectLockEnabled.ENABLED;
            if (!answer) {
                log.warn("MASTERS_RETENTION_DAYS is {} but bucket {} has no Object Lock enabled; masters are copied without retention",
                        days, bucket);
            }
        } catch (S3Exception refused) {
            if (refused.statusCode() >= 500 && refused.statusCode() != 501) {
                throw refused;
            }
            log.warn("MASTERS_RETENTION_DAYS is {} but the object store does not support Object Lock on bucket {} ({} {});"
                    + " masters are copied without retention", days, bucket, refused.statusCode(),
                    refused.awsErrorDetails() == null ? refused.getMessage() : refused.awsErrorDetails().errorCode());
            answer = false;
        }
        supported.set(answer);
        return answer;
    }

    /** At startup: say now whether retention will apply, without failing the start when storage is down. */
    public void reportAtStartup() {
        if (days <= 0) {
            return;
        }
        try {
            if (supported()) {
                log.info("masters get {} retention for {} days", mode, days);
            }
        } catch (SdkClientException | S3Exception unreachable) {
            log.warn("cannot ask bucket {} about Object Lock yet ({}); asking again at the first ingest", bucket,
                    unreachable.getMessage());
        }
    }
}
