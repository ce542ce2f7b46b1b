package io.reelport.backend.asset;

import io.reelport.backend.upload.StagingObjects;
import io.reelport.backend.upload.Upload;
import io.reelport.backend.upload.UploadStatus;
import io.reelport.backend.upload.Uploads;
import io.reelport.common.storage.StorageKeys;
import io.reelport.common.storage.StorageProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes what a deleted asset leaves in storage, away from the request that deleted it: previews
 * (re-creatable, so gone at once) and staging objects of uploads never promoted. Masters are kept:
 * the masters bucket's retention (Object Lock or lifecycle rules) decides when they go. Runs on
 * every instance; {@code SKIP LOCKED} hands each asset to one of them.
 */
@Component
public class DeletedAssetCleanup {

    private static final Logger log = LoggerFactory.getLogger(DeletedAssetCleanup.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Uploads uploads;
    private final StagingObjects staging;
    private final S3Client s3;
    private final StorageProperties storage;
    private final Clock clock;

    DeletedAssetCleanup(JdbcClient jdbc, TransactionTemplate transactions, Uploads uploads, StagingObjects staging,
                        S3Client s3, StorageProperties storage, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.uploads = uploads;
        this.staging = staging;
        this.s3 = s3;
        this.storage = storage;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${reelport.cleanup.interval-ms:60000}", fixedDelayString = "${reelport.cleanup.interval-ms:60000}")
    void scheduled() {
        try {
            cleanUp();
        } catch (RuntimeException failed) {
            log.warn("Cleanup of deleted assets failed, trying again later: {}", failed.toString());
        }
    }

    /** @return how many deleted assets were cleaned */
    public int cleanUp() {
        int cleaned = 0;
        while (true) {
            Boolean one = transactions.execute(status -> cleanOne());
            if (!Boolean.TRUE.equals(one)) {
                return cleaned;
            }
            cleaned++;
        }
    }

    private boolean cleanOne() {
        List<UUID> ids = jdbc.sql("""
                select id from assets where deleted_at is not null and cleaned_at is null
                order by deleted_at limit 1 for update skip locked""").query(UUID.class).list();
        if (ids.isEmpty()) {
            return false;
        }
        UUID assetId = ids.get(0);
        String bucket = storage.buckets().previews();
        String prefix = StorageKeys.PREVIEWS + assetId + "/";
        int removed = 0;
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents()) {
            s3.deleteObject(request -> request.bucket(bucket).key(object.key()));
            removed++;
        }
        for (Upload upload : uploads.unpromotedOf(assetId)) {
            staging.remove(upload);
            uploads.setStatus(upload.id(), UploadStatus.ABORTED, clock.instant());
        }
        jdbc.sql("update assets set cleaned_at = :now where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", assetId).update();
        log.info("Deleted asset {}: removed {} preview objects and its unpromoted uploads", assetId, removed);
        return true;
    }
}
