package io.reelport.worker.transcode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the HLS rung directories while ffmpeg writes them and hands on each media segment as
 * soon as it is final, so that it can be uploaded while the rest is still being encoded. ffmpeg's
 * HLS muxer closes segment {@code n} before it creates segment {@code n + 1}, so a segment whose
 * successor exists will not change any more; each rung's last segment, its init segment and the
 * playlists are left for after ffmpeg has exited.
 */
final class WatchingSegments implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WatchingSegments.class);
    private static final Pattern SEGMENT = Pattern.compile("seg_(\\d+)\\.m4s");
    private static final long POLL_MILLIS = 250;

    private final Path output;
    private final List<String> rungs;
    private final Consumer<String> finished;
    private final Set<String> handed = new HashSet<>();
    private final Thread thread;
    private volatile boolean stopped;

    private WatchingSegments(Path output, List<String> rungs, Consumer<String> finished) {
        this.output = output;
        this.rungs = rungs;
        this.finished = finished;
        this.thread = new Thread(this::watch, "segment-watch");
        this.thread.setDaemon(true);
    }

    /** Watches {@code output/hls/{rung}/} for each of {@code rungs} until closed. */
    static WatchingSegments start(Path output, List<String> rungs, Consumer<String> finished) {
        WatchingSegments watching = new WatchingSegments(output, rungs, finished);
        watching.thread.start();
        return watching;
    }

    private void watch() {
        while (!stopped) {
            try {
                Thread.sleep(POLL_MILLIS);
                rungs.forEach(this::handFinished);
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException e) {
                // The segments not handed on now are uploaded with the rest after ffmpeg exits.
                log.warn("watching segments in {} failed: {}", output, e.toString());
                return;
            }
        }
    }

    private void handFinished(String rung) {
        Path directory = output.resolve("hls").resolve(rung);
        if (!Files.isDirectory(directory)) {
            return;
        }
        Set<Integer> numbers = new HashSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher segment = SEGMENT.matcher(file.getFileName().toString());
                if (segment.matches()) {
                    numbers.add(Integer.parseInt(segment.group(1)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int number : numbers) {
            String path = "hls/" + rung + "/" + String.format(Locale.ROOT, "seg_%05d.m4s", number);
            if (numbers.contains(number + 1) && handed.add(path)) {
                finished.accept(path);
            }
        }
    }

    /** Stops watching; returns once no segment is being handed on any more. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
