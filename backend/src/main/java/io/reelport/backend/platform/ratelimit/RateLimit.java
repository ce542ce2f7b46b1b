package io.reelport.backend.platform.ratelimit;

import java.time.Duration;

/** At most {@code permits} hits per {@code window} for one key. */
public record RateLimit(int permits, Duration window) {

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit needs at least one permit");
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("a rate limit window must be positive");
        }
    }
}
