package io.reelport.backend.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the API did, for dashboards and alerts (deploy/observability): uploads started and
 * completed, promotions, playback URLs issued, and jobs accepted but not yet relayed to Redis.
 * Counted by the controllers once a use case has committed, so a refused or rolled-back request
 * counts nothing, and a repeated promotion (same upload or Idempotency-Key) counts once.
 * Every meter exists from startup, so a rate over it is zero rather than missing.
 */
@Component
public class BusinessMetrics {

    private final Counter singleUploads;
    private final Counter multipartUploads;
    private final Counter uploadsCompleted;
    private final Counter promotions;
    private final Counter playbackUrls;

    BusinessMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
        singleUploads = Counter.builder("reelport.uploads.started").tag("kind", "single")
                .description("Uploads created (presigned URLs handed out)").register(registry);
        multipartUploads = Counter.builder("reelport.uploads.started").tag("kind", "multipart")
                .description("Uploads created (presigned URLs handed out)").register(registry);
        uploadsCompleted = Counter.builder("reelport.uploads.completed")
                .description("Uploads whose object was found complete in staging").register(registry);
        promotions = Counter.builder("reelport.promotions")
                .description("Versions created by promoting an upload").register(registry);
        playbackUrls = Counter.builder("reelport.playback.urls.issued")
                .description("Sets of signed playback URLs issued").register(registry);
        // Read on each scrape: one index-only count on job_outbox_pending_idx. While the database is
        // unreachable the gauge reads NaN, and the API's 503s say the rest.
        Gauge.builder("reelport.outbox.pending", jdbc,
                        db -> db.queryForObject("select count(*) from job_outbox where published_at is null", Long.class))
                .description("Jobs accepted by the API but not yet published to Redis").register(registry);
    }

    public void uploadStarted(boolean multipart) {
        (multipart ? multipartUploads : singleUploads).increment();
    }

    public void uploadCompleted() {
        uploadsCompleted.increment();
    }

    public void promoted() {
        promotions.increment();
    }

    public void playbackUrlsIssued() {
        playbackUrls.increment();
    }
}
