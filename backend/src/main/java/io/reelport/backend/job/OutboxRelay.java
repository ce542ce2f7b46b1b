package io.reelport.backend.job;

import io.reelport.common.redis.RedisNamespace;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves outbox rows onto the jobs stream. A promotion only writes to PostgreSQL, so it succeeds
 * while Redis is down; this relay publishes the row once Redis answers, backing off meanwhile.
 * Several backend instances can run it: each batch locks its rows with {@code SKIP LOCKED}, so no
 * two instances publish the same row at the same time. A crash between {@code XADD} and the commit
 * can publish a row twice, which workers tolerate (every job handler is idempotent).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 50;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final StringRedisTemplate redis;
    private final RedisNamespace names;
    private final JobsProperties properties;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, StringRedisTemplate redis, RedisNamespace names,
                JobsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.redis = redis;
        this.names = names;
        this.properties = properties;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onEnqueued(JobEnqueued enqueued) {
        wake.release();
    }

    /** Publishes what is pending now; returns how many rows were published. Redis failures propagate. */
    public int relayOnce() {
        Batch batch = transactions.execute(status -> publishBatch());
        if (batch.failure() != null) {
            throw batch.failure();
        }
        return batch.published();
    }

    private record Batch(int published, boolean full, RuntimeException failure) {
    }

    private Batch publishBatch() {
        List<Map<String, Object>> rows = jdbc.sql("""
                select id, fields::text as fields from job_outbox where published_at is null
                order by id limit :limit for update skip locked""")
                .param("limit", BATCH).query().listOfRows();
        int published = 0;
        for (Map<String, Object> row : rows) {
            long id = ((Number) row.get("id")).longValue();
            Map<String, String> fields = JSON.readValue((String) row.get("fields"), new TypeReference<Map<String, String>>() { });
            RecordId streamId;
            try {
                streamId = redis.opsForStream().add(MapRecord.create(names.jobsStream(), fields));
            } catch (RuntimeException redisFailed) {
                // Keep what was published before the failure; this row stays pending.
                jdbc.sql("update job_outbox set attempts = attempts + 1, last_error = :error where id = :id")
                        .param("error", String.valueOf(redisFailed.getMessage())).param("id", id).update();
                return new Batch(published, false, redisFailed);
            }
            jdbc.sql("update job_outbox set published_at = :now, stream_id = :stream, attempts = attempts + 1 where id = :id")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("stream", streamId == null ? null : streamId.getValue())
                    .param("id", id)
                    .update();
            published++;
        }
        return new Batch(published, rows.size() == BATCH, null);
    }

    private void loop() {
        Duration backoff = Duration.ZERO;
        while (running) {
            Duration pause = properties.relayInterval();
            try {
                int published = relayOnce();
                if (!backoff.isZero()) {
                    log.info("Outbox relay reaches Redis again");
                }
                backoff = Duration.ZERO;
                if (published == BATCH) {
                    pause = Duration.ZERO;
                }
            } catch (RuntimeException failed) {
                backoff = backoff.isZero() ? properties.relayInterval().multipliedBy(2) : backoff.multipliedBy(2);
                if (backoff.compareTo(properties.relayMaxBackoff()) > 0) {
                    backoff = properties.relayMaxBackoff();
                }
                log.warn("Outbox relay could not publish jobs, retrying in {} ms: {}", backoff.toMillis(), failed.toString());
                pause = backoff;
            }
            try {
                if (backoff.isZero()) {
                    wake.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    // A new promotion does not cut a backoff short: Redis is what we wait for.
                    Thread.sleep(pause.toMillis());
                }
                wake.drainPermits();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
