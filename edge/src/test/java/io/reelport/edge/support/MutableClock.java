package io.reelport.edge.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The edge's one clock, moved by tests; {@code null} time means the system clock. */
public final class MutableClock extends Clock {

    private volatile Instant fixed;

    public void set(Instant now) {
        this.fixed = now;
    }

    public void reset() {
        this.fixed = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant now = fixed;
        return now == null ? Instant.now() : now;
    }
}
