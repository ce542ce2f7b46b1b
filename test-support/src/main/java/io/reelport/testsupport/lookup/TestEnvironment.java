package io.reelport.testsupport.lookup;

import java.util.Optional;

/**
 * Settings that point tests at existing services ({@code TEST_DATABASE_URL}, {@code TEST_REDIS_URL},
 * {@code TEST_S3_ENDPOINT}, ...). Read from the environment, or from a system property of the
 * same name, which is easier to set from an IDE run configuration or with
 * {@code -DTEST_REDIS_URL=...} on a Maven command line (Surefire passes {@code -D} values through).
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** The value of {@code name}, if set and not blank. */
    public static Optional<String> get(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
