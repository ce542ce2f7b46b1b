package io.reelport.local.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dead man's switch for everything the launcher starts: a small shell process that stops the
 * launcher's children when the launcher is gone, however it went (kill -9 included).
 *
 * <p>The launcher tells the guard, one line on its stdin each, which processes to {@link #watch}
 * and which to {@link #forget} once it has stopped them itself. Only the launcher holds the write
 * end of that pipe, so the guard reads end of file the moment the launcher dies; it then sends
 * SIGTERM to everything still watched (services shut down gracefully, Redis and PostgreSQL write
 * their data), waits up to a grace period, and sends SIGKILL to what is left. A launcher that
 * stops normally stops its children in order and then {@link #close() disarms} the guard.
 *
 * <p>A service is watched as a process group (see {@link Detached}), so ffmpeg processes the
 * worker started go with it. Liveness is checked per process and counts a zombie as gone: where
 * nothing reaps orphans (some container init processes), a killed child stays a zombie forever.
 */
public final class ProcessGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessGuard.class);

    /** The guard itself; {@code $1} is the grace period in whole seconds. */
    static final String SCRIPT = """
            grace=$1
            watched=''
            while IFS=' ' read -r verb pid scope; do
              case $verb in
                watch) watched="$watched $pid:$scope" ;;
                forget)
                  kept=''
                  for entry in $watched; do [ "${entry%%:*}" = "$pid" ] || kept="$kept $entry"; done
                  watched=$kept ;;
                disarm) exit 0 ;;
              esac
            done
            [ -n "$watched" ] || exit 0
            echo "reelport guard: the launcher is gone; stopping$watched" >&2
            signal() {
              for entry in $watched; do
                pid=${entry%%:*}
                if [ "${entry#*:}" = group ]; then kill -s "$1" -- "-$pid" 2>/dev/null; else kill -s "$1" "$pid" 2>/dev/null; fi
              done
            }
            running() {
              kill -0 "$1" 2>/dev/null || return 1
              [ -r "/proc/$1/stat" ] || return 0
              [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
            }
            signal TERM
            waited=0
            while [ "$waited" -lt "$grace" ]; do
              sleep 1
              waited=$((waited + 1))
              alive=''
              for entry in $watched; do running "${entry%%:*}" && alive="$alive $entry"; done
              [ -n "$alive" ] || exit 0
              watched=$alive
            done
            echo "reelport guard: still running after ${grace}s, killing$watched" >&2
            signal KILL
            """;

    private final Process process;
    private final OutputStream commands;
    private boolean broken;

    private ProcessGuard(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
    }

    /**
     * Starts a guard that gives watched processes {@code grace} to stop after SIGTERM.
     *
     * @param logFile where the guard reports what it did
     */
    public static ProcessGuard start(Duration grace, Path logFile) {
        long seconds = Math.max(1, grace.toSeconds());
        try {
            Process process = Detached.processBuilder(List.of("/bin/sh", "-c", SCRIPT, "reelport-guard", Long.toString(seconds)))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new ProcessGuard(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the process guard (/bin/sh): " + e.getMessage(), e);
        }
    }

    /** Stop {@code process} if the launcher dies; with {@code group}, its whole process group. */
    public void watch(long pid, boolean group) {
        send("watch " + pid + " " + (group ? "group" : "process"));
    }

    /** {@code pid} has been stopped by the launcher: never signal it (its pid may be reused). */
    public void forget(long pid) {
        send("forget " + pid);
    }

    public long pid() {
        return process.pid();
    }

    private synchronized void send(String line) {
        if (broken) {
            return;
        }
        try {
            commands.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        } catch (IOException e) {
            // Only the guard's death closes the pipe; the platform still runs, without the switch.
            broken = true;
            log.warn("The process guard (pid {}) is gone: children will not be stopped if the launcher is killed ({})",
                    process.pid(), e.getMessage());
        }
    }

    /** Closes the pipe without disarming: exactly what the launcher's death does. For tests. */
    void closePipeAsIfTheLauncherDied() throws IOException {
        commands.close();
    }

    /** Disarms the guard: everything it watched has been stopped by the launcher. */
    @Override
    public void close() {
        send("disarm");
        try {
            commands.close();
        } catch (IOException alreadyClosed) {
            // The guard has exited.
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
