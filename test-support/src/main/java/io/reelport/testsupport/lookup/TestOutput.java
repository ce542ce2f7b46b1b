package io.reelport.testsupport.lookup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where test infrastructure writes its logs and data: {@code target/reelport-test/} of the module
 * under test (Surefire runs in the module's directory), so that a failed build keeps the s3proxy
 * log next to the test reports and {@code mvn clean} removes everything. Outside a Maven module
 * (an IDE with another working directory, the local runner) it falls back to the temp directory.
 */
public final class TestOutput {

    private TestOutput() {
    }

    public static Path directory() {
        Path target = Path.of("target");
        Path base = Files.isDirectory(target)
                ? target.resolve("reelport-test")
                : Path.of(System.getProperty("java.io.tmpdir"), "reelport-test");
        try {
            return Files.createDirectories(base).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + base, e);
        }
    }
}
