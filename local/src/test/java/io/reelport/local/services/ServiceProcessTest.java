package io.reelport.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.reelport.local.LaunchException;
import io.reelport.testsupport.lookup.LocalPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness, failure messages and stopping, with small shell processes standing in for a service
 * (the real services are RunningTheLocalPlatformTest's).
 */
class ServiceProcessTest {

    @TempDir
    Path directory;

    ServiceProcess service;
    HttpServer readiness;

    @AfterEach
    void stop() {
        if (service != null && service.isAlive()) {
            service.requestStop();
            service.awaitStopped(Duration.ofSeconds(5));
        }
        if (readiness != null) {
            readiness.stop(0);
        }
    }

    ServiceProcess start(int port, String script) {
        return ServiceProcess.start("backend", port, List.of("/bin/sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"),
                directory, directory.resolve("backend.log"));
    }

    /** What the service's readiness endpoint answers: each request takes the next status. */
    int serveReadiness(int... statuses) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        readiness = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        readiness.createContext("/actuator/health/readiness", exchange -> {
            int status = statuses[Math.min(calls.getAndIncrement(), statuses.length - 1)];
            byte[] body = (status == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        readiness.start();
        return readiness.getAddress().getPort();
    }

    @Test
    void isReadyOnceItsReadinessGroupAnswers200() throws Exception {
        int port = serveReadiness(503, 503, 200);
        service = start(port, "echo started; exec sleep 300");

        service.awaitReady(Duration.ofSeconds(10), () -> false);

        assertThat(service.isAlive()).isTrue();
        assertThat(service.readinessUri()).hasToString("http://127.0.0.1:" + port + "/actuator/health/readiness");
    }

    @Test
    void aServiceThatExitsWhileStartingIsNamedWithItsExitCodeAndTheEndOfItsLog() {
        service = start(LocalPorts.free(), "echo 'APPLICATION FAILED TO START'; echo 'JWT_KEYS is not set'; exit 3");

        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(20), () -> false))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("backend exited with code 3 while starting. The end of " + directory.resolve("backend.log"))
                .hasMessageEndingWith("APPLICATION FAILED TO START\nJWT_KEYS is not set");
    }

    @Test
    void aServiceThatIsNotReadyInTimeIsNamedWithItsLastAnswerAndAHint() throws Exception {
        int port = serveReadiness(503);
        service = start(port, "echo 'waiting for the database'; exec sleep 300");

        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(2), () -> false))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("backend was not ready within 2 s (http://127.0.0.1:" + port
                        + "/actuator/health/readiness: HTTP 503 {\"status\":\"OUT_OF_SERVICE\"})")
                .hasMessageContaining("waiting for the database")
                .hasMessageEndingWith("LOCAL_READY_TIMEOUT=5m.");
    }

    @Test
    void aServiceThatDoesNotListenIsReportedSo() {
        int port = LocalPorts.free();
        service = start(port, "exec sleep 300");

        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(1), () -> false))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("not listening on port " + port);
    }

    @Test
    void stopsWaitingWhenTheLauncherIsStopping() {
        service = start(LocalPorts.free(), "exec sleep 300");

        assertThatThrownBy(() -> service.awaitReady(Duration.ofMinutes(1), () -> true))
                .isInstanceOf(LaunchException.class)
                .hasMessage("stopped while waiting for backend to be ready");
    }

    @Test
    void stopsGracefullyOnSigterm() {
        service = start(LocalPorts.free(), "exec sleep 300");

        service.requestStop();

        assertThat(service.awaitStopped(Duration.ofSeconds(5))).isTrue();
        assertThat(service.isAlive()).isFalse();
    }

    @Test
    void killsAServiceAndWhatItStartedWhenSigtermIsNotEnough() {
        service = start(LocalPorts.free(), "trap '' TERM; sleep 300 & echo ignoring-sigterm; wait; wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(service.logFile()).contains("ignoring-sigterm"));
        long started = System.nanoTime();

        service.requestStop();
        boolean graceful = service.awaitStopped(Duration.ofMillis(500));

        assertThat(graceful).isFalse();
        assertThat(service.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
