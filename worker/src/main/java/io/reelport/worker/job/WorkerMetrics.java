package io.reelport.worker.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The worker's meters: {@code reelport.worker.jobs} by outcome, {@code reelport.worker.job.duration}
 * by outcome, {@code reelport.worker.realtime.factor} (media seconds per wall second of
 * transcoding), and gauges for the group's lag (entries not yet delivered), pending entries
 * (delivered, not acked) and jobs running here. The Redis figures are refreshed by the consumer
 * loop, so a scrape never waits on Redis.
 */
public final class WorkerMetrics {

    public enum Outcome { SUCCEEDED, DUPLICATE, FAILED, RETRIED, DEAD_LETTERED, ABANDONED }

    private final MeterRegistry registry;
    private final AtomicLong lag = new AtomicLong(-1);
    private final AtomicLong pending = new AtomicLong(-1);
    private final DistributionSummary realtime;

    public WorkerMetrics(MeterRegistry registry, IntSupplier running) {
        this.registry = registry;
        Gauge.builder("reelport.worker.consumer.lag", lag, AtomicLong::get)
                .description("Entries on the jobs stream not yet delivered to the workers group").register(registry);
        Gauge.builder("reelport.worker.pending", pending, AtomicLong::get)
                .description("Entries delivered to the workers group and not yet acknowledged").register(registry);
        Gauge.builder("reelport.worker.jobs.running", running, supplier -> supplier.getAsInt())
                .description("Jobs running on this worker").register(registry);
        realtime = DistributionSummary.builder("reelport.worker.realtime.factor")
                .description("Media seconds transcoded per wall-clock second").register(registry);
        for (Outcome outcome : Outcome.values()) {
            counter(outcome);
            timer(outcome);
        }
    }

    public void job(Outcome outcome, Duration took) {
        counter(outcome).increment();
        timer(outcome).record(took);
    }

    public void realtimeFactor(double mediaSeconds, Duration took) {
        if (mediaSeconds > 0 && !took.isZero()) {
            realtime.record(mediaSeconds / (took.toNanos() / 1e9));
        }
    }

    public void streamState(long lagValue, long pendingValue) {
        lag.set(lagValue);
        pending.set(pendingValue);
    }

    private Timer timer(Outcome outcome) {
        return Timer.builder("reelport.worker.job.duration").tag("outcome", tag(outcome))
                .description("Wall-clock time of a job on this worker, by outcome").register(registry);
    }

    private Counter counter(Outcome outcome) {
        return Counter.builder("reelport.worker.jobs").tag("outcome", tag(outcome))
                .description("Jobs finished by this worker, by outcome").register(registry);
    }

    private static String tag(Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}
