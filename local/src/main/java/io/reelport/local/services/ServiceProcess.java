package io.reelport.local.services;

import io.reelport.local.LaunchException;
import io.reelport.local.process.Detached;
import io.reelport.local.process.LogFiles;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One service running as its own process, its output going to its log file. It is ready when
 * its readiness group ({@code /actuator/health/readiness}) answers 200, which each service makes
 * depend on what it needs (the backend: database, Redis and storage).
 */
public final class ServiceProcess {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int TAIL_LINES = 25;

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts {@code command} detached from the terminal (see {@link Detached}) with exactly
     * {@code environment}, appending its output to {@code logFile}.
     */
    public static ServiceProcess start(String name, int port, List<String> command, Map<String, String> environment,
            Path workingDirectory, Path logFile) {
        ProcessBuilder builder = Detached.processBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                // A service reads nothing; it must not hold the launcher's terminal or a pipe to it.
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new ServiceProcess(name, port, logFile, builder.start());
        } catch (IOException e) {
            throw new LaunchException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    public URI readinessUri() {
        return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
    }

    /**
     * Waits until the service reports ready.
     *
     * @param cancelled checked between polls: the launcher is stopping, stop waiting
     * @throws LaunchException naming the service and its log (with the log's last lines) when it
     *                         exits or is not ready within {@code timeout}
     */
    public void awaitReady(Duration timeout, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer yet";
        HttpRequest request = HttpRequest.newBuilder(readinessUri()).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline && !cancelled.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new LaunchException(name + " exited with code " + process.exitValue() + " while starting. The end of "
                        + logFile + ":\n" + LogFiles.tail(logFile, TAIL_LINES));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException notListeningYet) {
                lastAnswer = "not listening on port " + port;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while waiting for " + name);
            }
            sleep(POLL_INTERVAL);
        }
        if (cancelled.getAsBoolean()) {
            throw new LaunchException("stopped while waiting for " + name + " to be ready");
        }
        throw new LaunchException(name + " was not ready within " + timeout.toSeconds() + " s (" + readinessUri() + ": "
                + lastAnswer + "). The end of " + logFile + ":\n" + LogFiles.tail(logFile, TAIL_LINES)
                + "\nA slow machine may need more time: LOCAL_READY_TIMEOUT=5m.");
    }

    /** Asks the service to stop (SIGTERM: Spring Boot shuts down gracefully). */
    public void requestStop() {
        process.destroy();
    }

    /**
     * Waits for the service to exit after {@link #requestStop()}; after {@code timeout} kills it and
     * whatever it started.
     *
     * @return whether it stopped by itself
     */
    public boolean awaitStopped(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }
}
