package io.reelport.local.infrastructure;

import io.reelport.local.LaunchException;
import io.reelport.local.process.Detached;
import io.reelport.local.process.LogFiles;
import io.reelport.testsupport.lookup.LocalPorts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * The {@code redis-server} binary from the {@code embedded-redis} jar, run as a detached child
 * process with an append-only file in the launcher's data folder, so jobs and events still queued
 * when the platform stops are there when it starts again.
 */
final class EmbeddedRedis implements Found.Stoppable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final int port;

    private EmbeddedRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param binDirectory where the binary is extracted (once per run; it is a few MB)
     */
    static EmbeddedRedis start(Path dataDirectory, int port, Path binDirectory, Path logFile) {
        if (LocalPorts.isListening(port, 500)) {
            throw new LaunchException("cannot start embedded Redis: something else listens on 127.0.0.1:" + port
                    + " (set LOCAL_REDIS_PORT, or REDIS_URL to use a server of yours)");
        }
        Process process;
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(binDirectory);
            File binary = ExecutableProvider.newJarResourceProvider(binDirectory::toFile).get();
            List<String> command = List.of(binary.getAbsolutePath(),
                    "--port", Integer.toString(port),
                    "--bind", LocalPorts.LOOPBACK,
                    "--dir", dataDirectory.toAbsolutePath().toString(),
                    "--appendonly", "yes",
                    "--save", "",
                    "--daemonize", "no");
            process = Detached.processBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new LaunchException("embedded Redis did not start on port " + port + ": " + e.getMessage(), e);
        }
        EmbeddedRedis redis = new EmbeddedRedis(process, port);
        redis.awaitAnswering(logFile);
        log.info("Embedded Redis started on 127.0.0.1:{} (data {})", port, dataDirectory);
        return redis;
    }

    String url() {
        return "redis://" + LocalPorts.LOOPBACK + ":" + port;
    }

    private void awaitAnswering(Path logFile) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LaunchException("embedded Redis exited with code " + process.exitValue() + " while starting; "
                        + logFile + " ends with:\n" + LogFiles.tail(logFile, 15));
            }
            if ("+PONG".equals(RedisPing.ping(port))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new LaunchException("embedded Redis did not answer on port " + port + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    /** SIGTERM: Redis flushes its append-only file and exits. */
    @Override
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Embedded Redis did not stop within {} s; killing it", STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Long> pid() {
        return Optional.of(process.pid());
    }
}
