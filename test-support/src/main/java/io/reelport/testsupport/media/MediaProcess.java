package io.reelport.testsupport.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs ffmpeg or ffprobe to completion, so that a failure reports the command and what it printed. */
final class MediaProcess {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private MediaProcess() {
    }

    /** Standard output of {@code command}; fails unless it exits 0 in time. */
    static String run(List<String> command) {
        Result result = runAllowingFailure(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("exit " + result.exitCode() + " from: " + String.join(" ", command)
                    + "\n" + result.stderr());
        }
        return result.stdout();
    }

    static Result runAllowingFailure(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close(); // nothing to feed: ffmpeg reads files, and must not wait on stdin
            // Both pipes drained at once: a full stderr pipe would otherwise block the process.
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT.toSeconds() + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), stdout.get(), stderr.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the output of " + command.get(0), e.getCause());
        }
    }

    private static String readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }
}
