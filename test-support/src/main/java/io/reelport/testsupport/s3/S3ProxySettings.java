package io.reelport.testsupport.s3;

import io.reelport.testsupport.lookup.LocalPorts;
import io.reelport.testsupport.lookup.TestOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * How to run one s3proxy: its port on 127.0.0.1, the directory its filesystem backend keeps
 * buckets in, the credentials it checks signatures against, where its output goes, and the
 * s3proxy {@code jar-with-dependencies} to run.
 *
 * <p>Tests use {@link #temporary()}; the local runner passes a fixed port, a persistent data
 * directory and its own credentials, so its buckets survive restarts.
 */
public record S3ProxySettings(int port, Path dataDirectory, String accessKey, String secretKey, Path logFile, Path s3proxyJar) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public S3ProxySettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("s3proxy needs an access key and a secret key: it checks every signature");
        }
        dataDirectory = dataDirectory.toAbsolutePath();
        logFile = logFile.toAbsolutePath();
    }

    /** A free port, a new data directory and log under {@code target/reelport-test/}, random credentials. */
    public static S3ProxySettings temporary() {
        String id = random(4);
        Path output = TestOutput.directory();
        return new S3ProxySettings(LocalPorts.free(), output.resolve("s3proxy-" + id + "-data"),
                "rpt-" + random(6), random(20), output.resolve("s3proxy-" + id + ".log"), bundledJar());
    }

    /**
     * The s3proxy jar that the build of this module fetched into the local Maven repository
     * ({@code test-support.properties}, filtered by Maven).
     */
    public static Path bundledJar() {
        Properties properties = new Properties();
        try (InputStream in = S3ProxySettings.class.getResourceAsStream("/io/reelport/testsupport/test-support.properties")) {
            if (in == null) {
                throw new IllegalStateException("test-support.properties is missing from the classpath: build test-support with Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path jar = Path.of(properties.getProperty("s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy jar not found at " + jar
                    + "; run ./mvnw -pl test-support generate-resources to fetch it");
        }
        return jar;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    @Override
    public String toString() {
        return "S3ProxySettings[port=" + port + ", dataDirectory=" + dataDirectory + ", accessKey=" + accessKey
                + ", logFile=" + logFile + ", s3proxyJar=" + s3proxyJar + "]";
    }
}
