package io.reelport.common.correlation;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The id that follows one piece of work through every service's logs: the API request that
 * promoted an upload, the job message the outbox relay published for it, and the worker's log
 * lines while it runs that job. It travels as the {@code X-Request-Id} header (clients and proxies
 * may set it; the backend answers with it) and in {@code JobMessage.correlationId}, and sits in the
 * logging MDC under {@code correlationId}, where structured (JSON) logs pick it up.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "correlationId";

    // What a client may choose: enough for UUIDs, ULIDs and proxy ids; nothing that could forge a log line.
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private CorrelationId() {
    }

    /** The client's id when it is a sensible one, else a new random one. */
    public static String acceptOrGenerate(String offered) {
        return offered != null && ACCEPTED.matcher(offered).matches() ? offered : generate();
    }

    /**
     * A random version 4 UUID. An id only has to be unique, not unpredictable, so it comes from
     * {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}: that one draws from one
     * JVM-wide {@code SecureRandom} behind a lock, and with one id per request 64 concurrent
     * requests queued on that lock for tens of milliseconds (docs/benchmarks.md, backend HTTP).
     */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }

    /** The id of the work this thread is doing, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }

    /** Ends a {@link #scope}: restores what the MDC held before. Never throws. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Puts {@code id} in this thread's MDC until the returned scope is closed, when the previous
     * value (if any) comes back. A null id leaves the MDC as it is.
     */
    public static Scope scope(String id) {
        if (id == null) {
            return () -> { };
        }
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        return () -> {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        };
    }
}
