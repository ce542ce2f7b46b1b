package io.reelport.edge.access;

import io.reelport.edge.platform.EdgeProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The per-client request limit on playback ({@code EDGE_RATE_LIMIT_*}), checked before any other
 * work so that a refused request costs a map lookup. Clients without a known address share one bucket.
 */
@Component
public class RateLimit {

    private final @Nullable TokenBuckets buckets;

    public RateLimit(EdgeProperties properties) {
        EdgeProperties.RateLimit limit = properties.rateLimit();
        this.buckets = limit.enabled() ? new TokenBuckets(limit.requestsPerSecond(), limit.burst()) : null;
    }

    public boolean allows(@Nullable String client) {
        return buckets == null || buckets.tryTake(client == null ? "unknown" : client, System.nanoTime());
    }
}
