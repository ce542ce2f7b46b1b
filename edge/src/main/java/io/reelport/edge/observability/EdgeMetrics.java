package io.reelport.edge.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * Every meter the edge publishes, named once (docs/edge.md lists them). Hit ratio is also a gauge
 * so that a dashboard without PromQL arithmetic can show it.
 */
@Component
public class EdgeMetrics {

    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter misses;
    private final Counter fillBytes;
    private final Counter evictions;
    private final Counter bytesServed;
    /** Outcomes and reasons are small closed sets; resolving each meter once keeps the hot path to a map lookup. */
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> upstreamLatency = new ConcurrentHashMap<>();

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.hits = Counter.builder("reelport.edge.cache.lookups").tag("result", "hit")
                .description("Requests answered from the disk cache").register(registry);
        this.misses = Counter.builder("reelport.edge.cache.lookups").tag("result", "miss")
                .description("Requests that had to go to the previews bucket (or join a fill in flight)").register(registry);
        this.fillBytes = Counter.builder("reelport.edge.cache.fill.bytes").baseUnit("bytes")
                .description("Bytes written into the disk cache from the previews bucket").register(registry);
        this.evictions = Counter.builder("reelport.edge.cache.evictions")
                .description("Cache entries removed to stay under the size cap").register(registry);
        this.bytesServed = Counter.builder("reelport.edge.bytes.served").baseUnit("bytes")
                .description("Body bytes sent to players").register(registry);
        Gauge.builder("reelport.edge.cache.hit.ratio", this, metrics -> {
            double total = metrics.hits.count() + metrics.misses.count();
            return total == 0 ? 0 : metrics.hits.count() / total;
        }).description("Hits over all cache lookups since start").register(registry);
    }

    public void cacheSize(LongSupplier bytes, LongSupplier entries) {
        Gauge.builder("reelport.edge.cache.size", bytes::getAsLong).baseUnit("bytes").register(registry);
        Gauge.builder("reelport.edge.cache.entries", entries::getAsLong).register(registry);
    }

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public void filled(long bytes) {
        fillBytes.increment(bytes);
    }

    public void evicted() {
        evictions.increment();
    }

    public void served(long bytes) {
        bytesServed.increment(bytes);
    }

    /** Time until the previews bucket answered with headers (or failed). */
    public void upstream(String outcome, Duration latency) {
        upstreamLatency.computeIfAbsent(outcome, key -> Timer.builder("reelport.edge.upstream.latency").tag("outcome", key)
                .description("Time to the previews bucket's response headers").register(registry)).record(latency);
    }

    /** One per request, by what the player got and why; reason is a token rejection code or {@code none}. */
    public void request(String outcome, String reason) {
        requests.computeIfAbsent(outcome + ' ' + reason,
                key -> registry.counter("reelport.edge.requests", "outcome", outcome, "reason", reason)).increment();
    }
}
