package io.reelport.worker.job;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-process clock events are ordered by: epoch microseconds, bumped on ties, never going
 * backwards, so the events of a worker that reclaimed a job order after those of the one that died.
 */
public final class EventSequence {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public EventSequence(Clock clock) {
        this.clock = clock;
    }

    public long next() {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        return last.updateAndGet(previous -> Math.max(previous + 1, micros));
    }
}
