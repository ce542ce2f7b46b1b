package io.reelport.local.infrastructure;

import java.util.Optional;

/**
 * A piece of infrastructure the launcher will use: the value the services need (a URL, storage
 * settings), what it is for the console ({@code local server 127.0.0.1:5432 as postgres}), and,
 * when the launcher started it, how to stop it.
 */
public record Found<T>(T value, String description, Optional<Stoppable> started) {

    public static <T> Found<T> existing(T value, String description) {
        return new Found<>(value, description, Optional.empty());
    }

    public static <T> Found<T> started(T value, String description, Stoppable stoppable) {
        return new Found<>(value, description, Optional.of(stoppable));
    }

    /** Something the launcher started and stops again at the end. */
    public interface Stoppable {

        /** Stops it and waits until it has stopped; its data stays. */
        void stop();

        /** Its process, for the {@link io.reelport.local.process.ProcessGuard}; empty when it guards itself. */
        Optional<Long> pid();
    }
}
