package io.reelport.worker.transcode;

import io.reelport.worker.job.JobAbandonedException;
import io.reelport.worker.job.JobControl;
import io.reelport.worker.job.JobFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * One ffmpeg or ffprobe child process: its stdout read as {@code -progress} key=value lines (or
 * kept, for ffprobe), the tail of stderr kept for the failure message, killed on timeout or when
 * the job is abandoned.
 */
final class FfmpegRun {

    private static final int STDERR_LINES = 20;

    private FfmpegRun() {
    }

    /** The process's stdout, when it exited 0. */
    record Result(int exitCode, String stdout, String stderrTail) {
    }

    /**
     * @param mediaSeconds    the duration that {@code out_time_us} counts towards, or 0 for no progress
     * @param onProgress      receives 0..1 as ffmpeg reports it
     */
    static Result run(List<String> command, Path workingDirectory, Duration timeout, JobControl control,
                      double mediaSeconds, DoubleConsumer onProgress, boolean keepStdout) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        control.attach(process);
        try {
            closeQuietly(process);
            StringBuilder stdout = new StringBuilder();
            Thread out = daemon("ffmpeg-stdout", () ->
                    readStdout(process, mediaSeconds, onProgress, keepStdout ? stdout : null));
            Deque<String> stderr = new ArrayDeque<>();
            Thread err = daemon("ffmpeg-stderr", () -> readStderr(process, stderr));
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                if (control.abandoned()) {
                    throw new JobAbandonedException();
                }
                throw JobFailure.retryable(JobFailure.TRANSCODE_TIMEOUT,
                        "ffmpeg did not finish within " + timeout.toSeconds() + " s and was stopped", null);
            }
            out.join(5000);
            err.join(5000);
            if (control.abandoned()) {
                throw new JobAbandonedException();
            }
            String tail;
            synchronized (stderr) {
                tail = String.join("\n", stderr);
            }
            synchronized (stdout) {
                return new Result(process.exitValue(), stdout.toString(), tail);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new JobAbandonedException();
        } finally {
            control.detach(process);
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // ffmpeg runs with -nostdin; a closed pipe is what we want anyway
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void readStdout(Process process, double mediaSeconds, DoubleConsumer onProgress, StringBuilder keep) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (keep != null) {
                    synchronized (keep) {
                        keep.append(line).append('\n');
                    }
                } else if (mediaSeconds > 0 && line.startsWith("out_time_us=")) {
                    try {
                        double seconds = Long.parseLong(line.substring("out_time_us=".length()).trim()) / 1_000_000.0;
                        onProgress.accept(Math.max(0, Math.min(1, seconds / mediaSeconds)));
                    } catch (NumberFormatException notYet) {
                        // "N/A" until the first packet is written
                    }
                }
            }
        } catch (IOException closed) {
            // the process was killed
        }
    }

    private static void readStderr(Process process, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > STDERR_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException closed) {
            // the process was killed
        }
    }
}
