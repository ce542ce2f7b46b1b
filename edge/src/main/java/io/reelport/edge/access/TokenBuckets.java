package io.reelport.edge.access;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per client address, in memory: each edge instance limits on its own (the edge
 * has no shared store, and a player sticks to few instances). Idle buckets are dropped once the
 * table grows, so a flood of spoofed addresses costs bounded memory.
 */
final class TokenBuckets {

    private static final int SWEEP_ABOVE = 100_000;

    private final double perNano;
    private final double capacity;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(int requestsPerSecond, int burst) {
        this.perNano = requestsPerSecond / 1e9;
        this.capacity = Math.max(1, burst);
    }

    /** Takes one token for {@code client}; false when its bucket is empty. */
    boolean tryTake(String client, long nowNanos) {
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.fullAt(nowNanos, perNano, capacity));
        }
        return buckets.computeIfAbsent(client, key -> new Bucket(capacity, nowNanos)).take(nowNanos, perNano, capacity);
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized boolean take(long now, double perNano, double capacity) {
            refill(now, perNano, capacity);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized boolean fullAt(long now, double perNano, double capacity) {
            refill(now, perNano, capacity);
            return tokens >= capacity;
        }

        private void refill(long now, double perNano, double capacity) {
            tokens = Math.min(capacity, tokens + (now - updated) * perNano);
            updated = now;
        }
    }
}
