package io.reelport.local.client;

import io.reelport.common.media.FfmpegBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * ffmpeg as a video player: given nothing but a signed master-playlist URL it fetches the
 * playlists, the init segments and every media segment through the edge, and decodes them all.
 */
public final class Player {

    /** What a play-through decoded, or why it failed. */
    public record Playback(int exitCode, double seconds, String errors) {

        public boolean playedToTheEnd() {
            return exitCode == 0 && errors.isBlank();
        }
    }

    private final FfmpegBinaries ffmpeg;

    public Player(FfmpegBinaries ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** Decodes the whole stream; {@code seconds} is the media time reached, from ffmpeg's progress. */
    public Playback play(String url) {
        List<String> command = new ArrayList<>(List.of(ffmpeg.ffmpeg().toString(),
                "-nostdin", "-v", "error", "-xerror", "-i", url, "-map", "0", "-f", "null", "-progress", "pipe:1", "-"));
        try {
            Process process = new ProcessBuilder(command).start();
            // Both pipes drained at once: a full one would stall ffmpeg.
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String progress = new String(readAll(process.getInputStream()), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Playback(-1, 0, "timed out");
            }
            double seconds = 0;
            for (String line : progress.split("\n")) {
                if (line.startsWith("out_time_us=") && !line.endsWith("N/A")) {
                    seconds = Math.max(seconds, Long.parseLong(line.substring("out_time_us=".length()).trim()) / 1e6);
                }
            }
            return new Playback(process.exitValue(), seconds, new String(errors.join(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
