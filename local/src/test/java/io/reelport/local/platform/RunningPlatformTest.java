package io.reelport.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.local.LaunchException;
import io.reelport.local.infrastructure.Found;
import io.reelport.local.process.ErrorEcho;
import io.reelport.local.process.ProcessGuard;
import io.reelport.local.services.ServiceProcess;
import io.reelport.testsupport.lookup.LocalPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping in order, from two threads at once (Ctrl-C while starting), and noticing a service that died. */
class RunningPlatformTest {

    @TempDir
    Path directory;

    final List<String> stopped = new CopyOnWriteArrayList<>();
    final List<ServiceProcess> services = new CopyOnWriteArrayList<>();

    RunningPlatform platform() {
        return new RunningPlatform(ProcessGuard.start(Duration.ofSeconds(5), directory.resolve("guard.log")),
                new ErrorEcho(line -> { }), Duration.ofSeconds(5));
    }

    ServiceProcess service(String name, String script) {
        ServiceProcess service = ServiceProcess.start(name, LocalPorts.free(), List.of("/bin/sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin"), directory, directory.resolve(name + ".log"));
        services.add(service);
        return service;
    }

    Found.Stoppable infrastructure(String name) {
        return new Found.Stoppable() {
            @Override
            public void stop() {
                stopped.add(name + (services.stream().anyMatch(ServiceProcess::isAlive) ? " while a service ran" : ""));
            }

            @Override
            public Optional<Long> pid() {
                return Optional.empty();
            }
        };
    }

    @Test
    void stopsServicesFirstThenInfrastructureNewestFirst() {
        RunningPlatform platform = platform();
        platform.add(infrastructure("postgres"));
        platform.add(infrastructure("redis"));
        platform.add(service("backend", "exec sleep 300"));

        platform.stop();

        assertThat(stopped).containsExactly("redis", "postgres");
        assertThat(services).noneMatch(ServiceProcess::isAlive);
    }

    @Test
    void twoStopsAtOnceBothReturnAndStopEverythingOnce() throws Exception {
        // Ctrl-C while starting: the shutdown hook stops the platform, and the starting thread,
        // interrupted in its wait, stops it too.
        RunningPlatform platform = platform();
        platform.add(infrastructure("redis"));
        platform.add(service("backend", "exec sleep 300"));
        platform.add(service("worker", "exec sleep 300"));

        CompletableFuture<Void> hook = CompletableFuture.runAsync(platform::stop);
        CompletableFuture<Void> starting = CompletableFuture.runAsync(platform::stop);

        CompletableFuture.allOf(hook, starting).get(30, TimeUnit.SECONDS);
        assertThat(stopped).containsExactly("redis");
        assertThat(services).noneMatch(ServiceProcess::isAlive);
    }

    @Test
    void somethingStartedAfterTheStopIsStoppedAtOnce() {
        RunningPlatform platform = platform();
        platform.stop();
        ServiceProcess late = service("edge", "exec sleep 300");

        assertThatThrownBy(() -> platform.add(late)).isInstanceOf(LaunchException.class);
        assertThatThrownBy(() -> platform.add(infrastructure("s3proxy"))).isInstanceOf(LaunchException.class);
        assertThat(late.isAlive()).isFalse();
        assertThat(stopped).containsExactly("s3proxy");
    }

    @Test
    void aServiceThatDiesOnItsOwnIsReported() throws Exception {
        RunningPlatform platform = platform();
        platform.add(service("backend", "exec sleep 300"));
        platform.add(service("worker", "sleep 1; exit 7"));

        ServiceProcess exited = CompletableFuture.supplyAsync(() -> {
            try {
                return platform.awaitUnexpectedExit();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(20, TimeUnit.SECONDS);

        assertThat(exited.name()).isEqualTo("worker");
        assertThat(exited.onExit().join().exitValue()).isEqualTo(7);
        platform.stop();
    }
}
