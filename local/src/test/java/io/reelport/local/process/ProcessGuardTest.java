package io.reelport.local.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard with real processes: what it stops when the launcher is gone, and what it leaves alone. */
class ProcessGuardTest {

    @TempDir
    Path directory;

    final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    Process sleeper(String... shellPrefix) throws IOException {
        String script = String.join("; ", shellPrefix) + (shellPrefix.length == 0 ? "" : "; ") + "exec sleep 300";
        Process process = Detached.processBuilder(List.of("/bin/sh", "-c", script)).start();
        started.add(process);
        return process;
    }

    ProcessGuard guard(Duration grace) {
        return ProcessGuard.start(grace, directory.resolve("guard.log"));
    }

    /** The launcher dies (RunningTheLocalPlatformTest kills a real one with -9). */
    static void launcherDies(ProcessGuard guard) throws IOException {
        guard.closePipeAsIfTheLauncherDied();
    }

    @Test
    void stopsEveryWatchedProcessWhenTheLauncherIsGone() throws Exception {
        Process one = sleeper();
        Process two = sleeper();
        ProcessGuard guard = guard(Duration.ofSeconds(5));
        guard.watch(one.pid(), false);
        guard.watch(two.pid(), true);

        launcherDies(guard);

        await().atMost(Duration.ofSeconds(10)).until(() -> !one.isAlive() && !two.isAlive());
        assertThat(one.exitValue()).as("SIGTERM first").isEqualTo(143);
        assertThat(Files.readString(directory.resolve("guard.log"))).contains("the launcher is gone; stopping");
    }

    @Test
    void aWatchedGroupGoesWithEveryProcessInIt() throws Exception {
        // A service (its own group, thanks to setsid) that started a child, as the worker starts ffmpeg.
        Process service = Detached.processBuilder(List.of("/bin/sh", "-c", "sleep 300 & wait")).start();
        started.add(service);
        await().atMost(Duration.ofSeconds(5)).until(() -> service.children().findAny().isPresent());
        ProcessHandle child = service.children().findFirst().orElseThrow();
        ProcessGuard guard = guard(Duration.ofSeconds(5));
        guard.watch(service.pid(), true);

        launcherDies(guard);

        await().atMost(Duration.ofSeconds(10)).until(() -> !service.isAlive() && !isRunning(child));
    }

    @Test
    void killsWhatIgnoresSigtermAfterTheGracePeriod() throws Exception {
        Process stubborn = sleeper("trap '' TERM");
        // Once the shell has become sleep, SIGTERM is ignored for good.
        await().atMost(Duration.ofSeconds(5)).until(() -> stubborn.info().command().orElse("").endsWith("sleep"));
        ProcessGuard guard = guard(Duration.ofSeconds(1));
        guard.watch(stubborn.pid(), false);

        launcherDies(guard);

        await().atMost(Duration.ofSeconds(10)).until(() -> !stubborn.isAlive());
        assertThat(stubborn.exitValue()).as("SIGKILL").isEqualTo(137);
        assertThat(Files.readString(directory.resolve("guard.log"))).contains("still running after 1s, killing");
    }

    @Test
    void leavesAloneWhatTheLauncherStoppedItselfAndWhatItWasNeverTold() throws Exception {
        Process forgotten = sleeper();
        Process unknown = sleeper();
        Process watched = sleeper();
        ProcessGuard guard = guard(Duration.ofSeconds(5));
        guard.watch(forgotten.pid(), false);
        guard.watch(watched.pid(), false);
        guard.forget(forgotten.pid());

        launcherDies(guard);

        await().atMost(Duration.ofSeconds(10)).until(() -> !watched.isAlive());
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> forgotten.isAlive() && unknown.isAlive());
    }

    @Test
    void aDisarmedGuardExitsAndStopsNothing() throws Exception {
        Process watched = sleeper();
        ProcessGuard guard = guard(Duration.ofSeconds(5));
        guard.watch(watched.pid(), false);

        guard.close();

        assertThat(ProcessHandle.of(guard.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(watched::isAlive);
    }

    @Test
    void aLauncherThatWatchedNothingLeavesAQuietGuardBehindForNoTime() throws Exception {
        ProcessGuard guard = guard(Duration.ofSeconds(5));
        ProcessHandle handle = ProcessHandle.of(guard.pid()).orElseThrow();

        launcherDies(guard);

        await().atMost(Duration.ofSeconds(5)).until(() -> !isRunning(handle));
        assertThat(Files.readString(directory.resolve("guard.log"))).isEmpty();
    }

    /** Running, not a zombie: where nothing reaps orphans, a dead child stays a zombie. */
    static boolean isRunning(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }
}
