package io.reelport.testsupport.lookup;

import java.util.function.Supplier;

/**
 * A service that is looked up (or started) at most once per JVM, on first use, however many test
 * classes and threads ask for it. A failed lookup is remembered too: probing again for every test
 * class would only repeat the same slow failure, so later callers get the first error at once.
 */
public final class FoundOnce<T> {

    private final Supplier<T> lookup;
    private T value;
    private RuntimeException failure;

    public FoundOnce(Supplier<T> lookup) {
        this.lookup = lookup;
    }

    public synchronized T get() {
        if (value != null) {
            return value;
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        try {
            value = lookup.get();
            return value;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }
}
