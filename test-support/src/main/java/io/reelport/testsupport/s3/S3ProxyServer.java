package io.reelport.testsupport.s3;

import io.reelport.testsupport.lookup.LocalPorts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * s3proxy with its filesystem backend, run as a child process of this JVM.
 *
 * <p>A real S3 API without Docker: it checks SigV4 signatures ({@code aws-v2-or-v4}), presigned URLs
 * and their expiry. It runs in its own JVM because its Jetty 11 and servlet API clash with the
 * versions Spring Boot manages when they share a classpath. The child never outlives this JVM, however this JVM ends (see
 * {@link S3ProxyLauncher}).
 *
 * <p>{@link #stop()} and {@link #start()} again keep the port, the credentials and the data: fault
 * tests use that to take storage away and bring it back. Output goes to {@link S3ProxySettings#logFile()}.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    /** The largest body s3proxy accepts in one request whose payload is signed; see {@link #writeProperties()}. */
    public static final long MAX_SIGNED_BODY_BYTES = 64L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(S3ProxyServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final S3ProxySettings settings;
    private final boolean deleteDataOnClose;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread shutdownHook;
    private Process process;

    /** A server for {@code settings}; call {@link #start()}. Its data directory is kept. */
    public S3ProxyServer(S3ProxySettings settings) {
        this(settings, false);
    }

    private S3ProxyServer(S3ProxySettings settings, boolean deleteDataOnClose) {
        this.settings = settings;
        this.deleteDataOnClose = deleteDataOnClose;
        // The child would notice this JVM's end by itself; stopping it here also deletes temporary data.
        this.shutdownHook = new Thread(this::stopAndDeleteTemporaryData, "reelport-s3proxy-stop-" + settings.port());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * A started server on a free port with fresh credentials and an empty data directory, which
     * {@link #close()} (or the end of the JVM) deletes.
     */
    public static S3ProxyServer startTemporary() {
        return new S3ProxyServer(S3ProxySettings.temporary(), true).start();
    }

    /** Starts the child process and waits until it answers HTTP. Does nothing when running. */
    public synchronized S3ProxyServer start() {
        if (isRunning()) {
            return this;
        }
        if (LocalPorts.isListening(settings.port(), 500)) {
            throw new IllegalStateException("cannot start s3proxy: something else listens on 127.0.0.1:" + settings.port());
        }
        long startedAt = System.nanoTime();
        try {
            Files.createDirectories(settings.dataDirectory());
            Files.createDirectories(settings.logFile().getParent());
            Path properties = writeProperties();
            Path launcherClasses = extractLauncher();
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // A small, quick-starting JVM: s3proxy serves a handful of test requests at a time.
                    "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    // s3proxy's logback.xml draws a configuration warning that would open every log.
                    "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                    "-cp", launcherClasses + File.pathSeparator + settings.s3proxyJar(),
                    S3ProxyLauncher.class.getName(),
                    Long.toString(ProcessHandle.current().pid()),
                    "--properties", properties.toString());
            Files.writeString(settings.logFile(), "=== starting s3proxy: " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            // stdin stays a pipe held by this JVM: the launcher exits when it closes.
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy: " + e.getMessage(), e);
        }
        awaitAnswering(startedAt);
        log.info("s3proxy started on {} in {} ms (pid {}, data {}, log {})", endpointUri(),
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), process.pid(),
                settings.dataDirectory(), settings.logFile());
        return this;
    }

    /** Stops the child process and waits until it has exited. The data stays. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The child's process id. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("s3proxy on port " + settings.port() + " is not running");
        }
        return process.pid();
    }

    /** Where to reach this server and how to sign for it (path-style, region {@value #REGION}). */
    public S3Endpoint endpoint() {
        return new S3Endpoint(endpointUri(), REGION, settings.accessKey(), settings.secretKey(), true);
    }

    public S3ProxySettings settings() {
        return settings;
    }

    /** Stops the server; a temporary one also deletes its data. */
    @Override
    public void close() {
        stopAndDeleteTemporaryData();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running or about to; it does the same again, harmlessly.
        }
    }

    private synchronized void stopAndDeleteTemporaryData() {
        stop();
        if (deleteDataOnClose) {
            deleteRecursively(settings.dataDirectory());
        }
    }

    private URI endpointUri() {
        return URI.create("http://" + LocalPorts.LOOPBACK + ":" + settings.port());
    }

    private Path writeProperties() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", endpointUri().toString());
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", settings.accessKey());
        properties.setProperty("s3proxy.credential", settings.secretKey());
        // A SigV4 request with a signed (not UNSIGNED-PAYLOAD) body is held in memory until its hash
        // is checked: the SDK signs bodies over plain http. Refusing those above 64 MiB (a clean 4xx;
        // multipart uploads are not affected) keeps one large PutObject from exhausting the heap
        // and taking the server down for every later test.
        properties.setProperty("s3proxy.v4-max-non-chunked-request-size", Long.toString(MAX_SIGNED_BODY_BYTES));
        // Browsers upload straight to storage with presigned URLs (the local runner's web clients).
        properties.setProperty("s3proxy.cors-allow-all", "true");
        // filesystem-nio2, not the deprecated jclouds "filesystem": both keep buckets as directories.
        properties.setProperty("jclouds.provider", "filesystem-nio2");
        properties.setProperty("jclouds.filesystem.basedir", settings.dataDirectory().toString());
        // Required by s3proxy for every provider but the legacy local ones; a directory ignores them.
        properties.setProperty("jclouds.identity", "local");
        properties.setProperty("jclouds.credential", "local");
        String logName = settings.logFile().getFileName().toString();
        Path file = settings.logFile().resolveSibling(logName.replaceFirst("\\.log$", "") + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "s3proxy for Reelport tests, written by " + S3ProxyServer.class.getName());
        }
        return file;
    }

    /**
     * Copies {@link S3ProxyLauncher}'s class file to a directory of its own, the child's classpath
     * entry. Reading it as a resource works wherever this class was loaded from: a directory, this
     * module's jar, or a jar nested in the local runner's Boot jar.
     */
    private Path extractLauncher() throws IOException {
        String resource = S3ProxyLauncher.class.getName().replace('.', '/') + ".class";
        Path classes = settings.logFile().resolveSibling("s3proxy-launcher");
        Path target = classes.resolve(resource);
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "S3ProxyLauncher", ".tmp");
        try (InputStream in = S3ProxyLauncher.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not found on the classpath");
            }
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        // Atomic, so a child JVM started by a parallel build never reads a half-written class.
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return classes;
    }

    private void awaitAnswering(long startedAt) {
        long deadline = startedAt + STARTUP_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpointUri()).timeout(Duration.ofSeconds(1)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int exit = process.exitValue();
                process = null;
                throw new IllegalStateException("s3proxy exited with " + exit + " while starting on port "
                        + settings.port() + "; its log " + settings.logFile() + " ends with:\n" + tail(settings.logFile()));
            }
            try {
                // Any HTTP answer (403 for an anonymous request) means Jetty is serving.
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("s3proxy did not answer on port " + settings.port() + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; its log " + settings.logFile() + " ends with:\n" + tail(settings.logFile()));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete s3proxy data {}: {}", directory, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "s3proxy on " + endpointUri() + " (" + settings.dataDirectory() + ")";
    }
}
