package io.reelport.backend.upload;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Aborts uploads nobody promoted within the staging lifetime: their unfinished multipart uploads
 * (which S3 bills for and never expires by itself) and their staging objects. A bucket lifecycle
 * rule on {@code staging/} is the backstop for anything this misses.
 */
@Component
public class StaleUploadCleanup {

    private static final Logger log = LoggerFactory.getLogger(StaleUploadCleanup.class);
    private static final int BATCH = 50;

    private final Uploads uploads;
    private final StagingObjects staging;
    private final TransactionTemplate transactions;
    private final Clock clock;

    StaleUploadCleanup(Uploads uploads, StagingObjects staging, TransactionTemplate transactions, Clock clock) {
        this.uploads = uploads;
        this.staging = staging;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${reelport.cleanup.interval-ms:60000}", fixedDelayString = "${reelport.cleanup.interval-ms:60000}")
    void scheduled() {
        try {
            cleanUp();
        } catch (RuntimeException failed) {
            log.warn("Cleanup of stale uploads failed, trying again later: {}", failed.toString());
        }
    }

    /** @return how many uploads were expired */
    public int cleanUp() {
        int expired = 0;
        while (true) {
            Integer batch = transactions.execute(status -> {
                Instant now = clock.instant();
                List<Upload> stale = uploads.lockStale(now, BATCH);
                for (Upload upload : stale) {
                    staging.remove(upload);
                    uploads.setStatus(upload.id(), UploadStatus.EXPIRED, now);
                }
                return stale.size();
            });
            expired += batch;
            if (batch < BATCH) {
                if (expired > 0) {
                    log.info("Expired {} stale uploads", expired);
                }
                return expired;
            }
        }
    }
}
