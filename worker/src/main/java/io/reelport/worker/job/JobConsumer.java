package io.reelport.worker.job;

import io.lettuce.core.StreamMessage;
import io.reelport.common.correlation.CorrelationId;
import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.MessageFormatException;
import io.reelport.worker.platform.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The consumer loop of one worker instance. It takes entries from the {@code workers} group —
 * first entries other workers left idle past the claim timeout (XAUTOCLAIM), then new ones — as
 * long as it has a free slot, and runs each job on its own thread. While a job runs its claim is
 * refreshed, so no other worker takes it; an entry is acknowledged only once the job's outcome is
 * settled: succeeded (outputs and marker written), failed for good (failed event sent), or moved on
 * (its retry scheduled, or dead-lettered).
 *
 * <p>Stopping (SIGTERM): no new entries are taken, running jobs get the shutdown grace period to
 * finish; any still running then are abandoned — ffmpeg killed, temporary files removed, entry left
 * pending — and another worker reclaims them after the claim timeout.
 */
public final class JobConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);
    private static final Duration STATE_REFRESH = Duration.ofSeconds(10);

    private final JobStreams streams;
    private final HandlingJob handling;
    private final WorkerProperties properties;
    private final WorkerMetrics metrics;
    private final EventSequence sequence;
    private final Clock clock;
    private final int concurrency;
    private final Semaphore slots;
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    private volatile boolean accepting;
    private volatile boolean started;
    private ExecutorService jobs;
    private ScheduledExecutorService maintenance;
    private Thread poller;

    public JobConsumer(JobStreams streams, HandlingJob handling, WorkerProperties properties, WorkerMetrics metrics,
                       EventSequence sequence, Clock clock) {
        this.streams = streams;
        this.handling = handling;
        this.properties = properties;
        this.metrics = metrics;
        this.sequence = sequence;
        this.clock = clock;
        this.concurrency = properties.effectiveConcurrency();
        this.slots = new Semaphore(concurrency);
    }

    public String consumerName() {
        return streams.consumerName();
    }

    public int runningJobs() {
        return running.size();
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        accepting = true;
        jobs = Executors.newFixedThreadPool(concurrency, named("job-" + consumerName()));
        maintenance = Executors.newSingleThreadScheduledExecutor(named("claims-" + consumerName()));
        long refresh = Math.max(200, properties.claimTimeout().toMillis() / 4);
        maintenance.scheduleWithFixedDelay(this::keepClaims, refresh, refresh, TimeUnit.MILLISECONDS);
        poller = new Thread(this::poll, "poll-" + consumerName());
        poller.start();
        log.info("worker {} consumes {} (group {}) with {} job(s) at a time", consumerName(),
                streams.names().jobsStream(), io.reelport.common.redis.RedisNamespace.WORKERS_GROUP, concurrency);
    }

    /** Graceful: stop taking entries, let running jobs finish within the grace period, abandon the rest. */
    @Override
    public void stop() {
        stop(properties.shutdownGrace());
    }

    public synchronized void stop(Duration grace) {
        if (!started) {
            return;
        }
        accepting = false;
        joinQuietly(poller, properties.pollTimeout().plusSeconds(5));
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} job(s) still running after the {} s grace period; leaving them for another worker",
                        running.size(), grace.toSeconds());
                running.values().forEach(RunningJob::abandon);
                jobs.shutdownNow();
                jobs.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            running.values().forEach(RunningJob::abandon);
            jobs.shutdownNow();
            Thread.currentThread().interrupt();
        }
        maintenance.shutdownNow();
        started = false;
        log.info("worker {} stopped", consumerName());
    }

    /**
     * Stops as a killed process would, for tests of reclaiming: nothing more is written for the
     * running jobs (no ack, no event), their ffmpeg is killed, their entries stay pending.
     */
    public void crash() {
        accepting = false;
        running.values().forEach(RunningJob::abandon);
        maintenance.shutdownNow();
        jobs.shutdownNow();
        joinQuietly(poller, properties.pollTimeout().plusSeconds(5));
        try {
            jobs.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Stops before the Redis connection factory (phase 0), whose client our connections use. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    private void poll() {
        Duration failureBackoff = Duration.ofMillis(500);
        Instant nextStateRefresh = Instant.EPOCH;
        boolean groupReady = false;
        while (accepting) {
            try {
                if (!groupReady) {
                    streams.ensureGroup();
                    groupReady = true;
                }
                Instant now = clock.instant();
                streams.promoteDueRetries(now);
                if (!now.isBefore(nextStateRefresh)) {
                    metrics.streamState(streams.lag(), streams.pendingCount());
                    nextStateRefresh = now.plus(STATE_REFRESH);
                }
                if (!slots.tryAcquire(properties.pollTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int free = 1 + slots.drainPermits();
                List<Delivery> batch = new ArrayList<>();
                for (StreamMessage<String, String> entry : streams.reclaim(free, properties.claimTimeout())) {
                    // Our own running job, whose claim went stale while Redis was unreachable: keep running it once.
                    if (!running.containsKey(entry.getId())) {
                        batch.add(new Delivery(entry, true));
                    }
                }
                if (batch.isEmpty() && accepting) {
                    for (StreamMessage<String, String> entry : streams.read(free, properties.pollTimeout())) {
                        batch.add(new Delivery(entry, false));
                    }
                }
                slots.release(free - batch.size());
                for (Delivery delivery : batch) {
                    jobs.execute(() -> {
                        try {
                            process(delivery);
                        } catch (RuntimeException redisDown) {
                            // The outcome could not be recorded; the entry stays pending and is reclaimed.
                            log.error("cannot record the outcome of entry {}: {}", delivery.entry().getId(),
                                    redisDown.getMessage());
                        } finally {
                            slots.release();
                        }
                    });
                }
                failureBackoff = Duration.ofMillis(500);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException failure) {
                if (!accepting) {
                    return;
                }
                log.warn("cannot read jobs from Redis ({}); trying again in {} ms", failure.getMessage(), failureBackoff.toMillis());
                sleep(failureBackoff);
                failureBackoff = failureBackoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30) : failureBackoff.multipliedBy(2);
            }
        }
    }

    private record Delivery(StreamMessage<String, String> entry, boolean reclaimed) {
    }

    private void process(Delivery delivery) {
        StreamMessage<String, String> entry = delivery.entry();
        Instant start = clock.instant();
        JobMessage job;
        try {
            job = JobMessage.fromFields(entry.getBody());
        } catch (MessageFormatException malformed) {
            log.error("job entry {} cannot be read ({}); dead-lettered", entry.getId(), malformed.getMessage());
            streams.deadLetter(entry, JobFailure.MALFORMED_MESSAGE, malformed.getMessage(), clock.instant());
            metrics.job(WorkerMetrics.Outcome.DEAD_LETTERED, Duration.between(start, clock.instant()));
            return;
        }
        // The id of the API request that queued the job: every log line of the job carries it.
        try (CorrelationId.Scope ignored = CorrelationId.scope(
                job.correlationId() != null ? job.correlationId() : job.jobId().toString())) {
            process(delivery, job, start);
        }
    }

    private void process(Delivery delivery, JobMessage job, Instant start) {
        StreamMessage<String, String> entry = delivery.entry();
        RunningJob run = new RunningJob(entry.getId(), job, streams, sequence, clock);
        if (delivery.reclaimed()) {
            long deliveries = streams.deliveries(entry.getId());
            log.info("reclaimed job {} (entry {}, delivery {})", job.jobId(), entry.getId(), deliveries);
            if (deliveries > properties.maxAttempts()) {
                String message = "the job was delivered " + deliveries + " times without finishing (a worker died"
                        + " or hung on it each time); dead-lettered";
                dead(run, entry, JobFailure.TOO_MANY_DELIVERIES, message, true, start);
                return;
            }
        }
        running.put(entry.getId(), run);
        log.info("job {} started: {} of version {} (asset {}), attempt {}", job.jobId(), job.type(), job.versionId(),
                job.assetId(), job.attempt());
        try {
            boolean duplicate = handling.handle(run);
            if (run.abandoned()) {
                throw new JobAbandonedException();
            }
            streams.ack(entry.getId());
            metrics.job(duplicate ? WorkerMetrics.Outcome.DUPLICATE : WorkerMetrics.Outcome.SUCCEEDED,
                    Duration.between(start, clock.instant()));
            log.info("job {} {} in {} ms", job.jobId(), duplicate ? "was already done" : "succeeded",
                    Duration.between(start, clock.instant()).toMillis());
        } catch (JobAbandonedException abandoned) {
            log.info("job {} abandoned; entry {} stays pending for another worker", job.jobId(), entry.getId());
            metrics.job(WorkerMetrics.Outcome.ABANDONED, Duration.between(start, clock.instant()));
        } catch (RuntimeException failure) {
            if (run.abandoned()) {
                metrics.job(WorkerMetrics.Outcome.ABANDONED, Duration.between(start, clock.instant()));
                return;
            }
            failed(run, entry, classify(failure), start);
        } finally {
            running.remove(entry.getId());
        }
    }

    private void failed(RunningJob run, StreamMessage<String, String> entry, JobFailure failure, Instant start) {
        JobMessage job = run.job();
        if (!failure.retryable()) {
            log.warn("job {} failed: {} {}", job.jobId(), failure.code(), failure.getMessage());
            run.report(new JobEvent.Failed(run.header(), failure.code(), failure.getMessage(), false));
            streams.ack(entry.getId());
            metrics.job(WorkerMetrics.Outcome.FAILED, Duration.between(start, clock.instant()));
        } else if (!lastOfRound(job.attempt(), properties.maxAttempts())) {
            Duration backoff = backoff(attemptInRound(job.attempt(), properties.maxAttempts()), properties.retryBackoff(),
                    properties.maxRetryBackoff());
            log.warn("job {} attempt {} failed ({} {}); attempt {} in {} s", job.jobId(), job.attempt(), failure.code(),
                    failure.getMessage(), job.attempt() + 1, backoff.toMillis() / 1000.0);
            Instant now = clock.instant();
            streams.scheduleRetry(entry.getId(), job.nextAttempt(now), now.plus(backoff));
            metrics.job(WorkerMetrics.Outcome.RETRIED, Duration.between(start, clock.instant()));
        } else {
            dead(run, entry, failure.code(), "gave up after " + properties.maxAttempts() + " attempts: " + failure.getMessage(),
                    true, start);
        }
    }

    private void dead(RunningJob run, StreamMessage<String, String> entry, String code, String message, boolean retryable,
                      Instant start) {
        log.error("job {} dead-lettered: {} {}", run.job().jobId(), code, message);
        streams.deadLetter(entry, code, message, clock.instant());
        run.report(new JobEvent.Failed(run.header(), code, message, retryable));
        metrics.job(WorkerMetrics.Outcome.DEAD_LETTERED, Duration.between(start, clock.instant()));
    }

    /**
     * Attempts come in rounds of {@code maxAttempts}: the worker retries within a round and
     * dead-letters at its end. An operator's retry (the backend sends the next attempt number) thus
     * starts a fresh round after a dead letter.
     */
    static int attemptInRound(int attempt, int maxAttempts) {
        return (attempt - 1) % maxAttempts + 1;
    }

    static boolean lastOfRound(int attempt, int maxAttempts) {
        return attemptInRound(attempt, maxAttempts) == maxAttempts;
    }

    /** Exponential: {@code base * 2^(attempt-1)}, capped. */
    static Duration backoff(int attempt, Duration base, Duration max) {
        long factor = 1L << Math.min(20, Math.max(0, attempt - 1));
        Duration delay = base.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Storage and network trouble is worth retrying; an unexpected error is retried too, boundedly. */
    static JobFailure classify(RuntimeException failure) {
        if (failure instanceof JobFailure known) {
            return known;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SdkException storage) {
                return JobFailure.retryable(JobFailure.STORAGE_UNAVAILABLE, "object storage failed: " + storage.getMessage(), failure);
            }
            if (cause instanceof java.io.IOException io) {
                return JobFailure.retryable(JobFailure.STORAGE_UNAVAILABLE, "I/O failed: " + io.getMessage(), failure);
            }
        }
        log.error("unexpected failure", failure);
        return JobFailure.retryable(JobFailure.INTERNAL_ERROR, failure.toString(), failure);
    }

    private void keepClaims() {
        List<String> ids = new ArrayList<>();
        running.forEach((id, job) -> {
            if (!job.abandoned()) {
                ids.add(id);
            }
        });
        try {
            streams.keepClaimed(ids);
        } catch (RuntimeException redisDown) {
            log.warn("cannot refresh the claims of {} running job(s): {}", ids.size(), redisDown.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + UUID.randomUUID().toString().substring(0, 4));
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void joinQuietly(Thread thread, Duration timeout) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
