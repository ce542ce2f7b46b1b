package io.reelport.worker.job;

import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.storage.S3Clients;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.TestServices;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.TestFfmpeg;
import io.reelport.testsupport.media.VideoClip;
import io.reelport.worker.platform.WorkerProperties;
import io.reelport.worker.transcode.Ladder;
import io.reelport.worker.transcode.ProbedMedia;
import io.reelport.worker.transcode.ProbingMedia;
import io.reelport.worker.transcode.TranscodingMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Run by {@code bench/worker-bench.sh}, not a test. On one generated 30 s 1080p30 clip with the
 * default ladder, times (a) the worker's own ffmpeg commands alone (the single pass and, when a rung
 * is the MP4's size and bitrate, its remux into the MP4), (b) the naive approach: one ffmpeg per
 * rung with the same per-rung encoder settings, plus one encoding the MP4 and one for the
 * thumbnails (so both produce the same set), run one after another, and (c) the worker end to end,
 * from the job on the stream to its success event (ingest, probe, copy to masters, transcode,
 * sprites, uploads, manifest).
 */
public final class WorkerBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path work = Files.createTempDirectory("worker-bench");
        WorkerProperties properties = new WorkerProperties("bench", 1, work.resolve("worker"), Duration.ofMinutes(5),
                Duration.ofMillis(200), 1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(5), 0, "GOVERNANCE",
                DataSize.ofGigabytes(5), DataSize.ofMegabytes(512), DataSize.ofMegabytes(64),
                new WorkerProperties.Ffmpeg(null, null, 0, "veryfast", false, 10, Duration.ofMinutes(2)),
                new WorkerProperties.Previews(WorkerProperties.DEFAULT_LADDER, 4, 160, 100, 360, 800, 128));

        System.out.printf("generating a %d s 1920x1080 30 fps clip...%n", seconds);
        Path clip = TestClips.shared().video(VideoClip.of(1920, 1080).fps(30).duration(Duration.ofSeconds(seconds)));
        ProbedMedia media = new ProbingMedia(TestFfmpeg.binaries()).probe(clip);
        TranscodingMedia transcoding = new TranscodingMedia(TestFfmpeg.binaries(), properties.ffmpeg(), properties.previews(), false);
        List<Ladder.Variant> variants = transcoding.ladder().variantsFor(media.displayWidth(), media.displayHeight(), media.frameRate());
        double interval = Math.max(1, Math.ceil(media.durationSeconds() / properties.previews().maxThumbnails()));

        // (a) the single-pass command (and the MP4 remux after it), exactly as the worker builds them
        Path single = Files.createDirectories(work.resolve("single"));
        Files.createDirectories(single.resolve("hls"));
        Files.createDirectories(single.resolve("thumbs"));
        List<List<String>> commands = transcoding.videoCommands(media, clip, variants, interval);
        long a = time(() -> {
            for (List<String> command : commands) {
                run(command, single);
            }
        });

        // (b) one ffmpeg per output: each rung, then the MP4 (its own encode), then the thumbnails
        Path naive = Files.createDirectories(work.resolve("naive"));
        Files.createDirectories(naive.resolve("thumbs"));
        String ffmpeg = TestFfmpeg.binaries().ffmpeg().toString();
        int gop = (int) Math.round(media.frameRate() * 4);
        long b = time(() -> {
            for (Ladder.Variant variant : variants) {
                Files.createDirectories(naive.resolve(variant.name()));
                run(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-i", clip.toString(),
                        "-vf", "scale=" + variant.width() + ":" + variant.height() + ",setsar=1,format=yuv420p",
                        "-map", "0:v:0", "-map", "0:a:0", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high",
                        "-b:v", variant.videoKbps() + "k", "-maxrate", variant.maxKbps() + "k", "-bufsize", variant.bufferKbits() + "k",
                        "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-sc_threshold", "0",
                        "-force_key_frames", "expr:gte(t,n_forced*4)", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-ar", "48000",
                        "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
                        "-hls_fmp4_init_filename", "init.mp4", "-start_number", "1",
                        "-hls_segment_filename", variant.name() + "/seg_%05d.m4s", variant.name() + "/index.m3u8"), naive);
            }
            run(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-i", clip.toString(),
                    "-vf", "scale=640:360,setsar=1,format=yuv420p", "-map", "0:v:0", "-map", "0:a:0", "-c:v", "libx264",
                    "-preset", "veryfast", "-b:v", "800k", "-maxrate", "880k", "-bufsize", "1600k", "-c:a", "aac", "-b:a", "96k",
                    "-movflags", "+faststart", "preview.mp4"), naive);
            run(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-i", clip.toString(),
                    "-vf", "fps=1/" + String.format(Locale.ROOT, "%.3f", interval) + ",scale=160:90", "-q:v", "5",
                    "-start_number", "1", "thumbs/t_%05d.jpg"), naive);
        });

        // (c) the worker end to end against real Redis and s3proxy
        TestServices services = TestServices.provision(Need.REDIS, Need.S3);
        long c;
        try (WorkerFixture fixture = new WorkerFixture(services.redisUrl(), services.redisNamespace());
             S3Client s3 = S3Clients.client(services.storage());
             JobFeed feed = new JobFeed(services.redisUrl(), services.redisNamespace(), s3, services.storage().buckets())) {
            JobConsumer worker = fixture.worker(properties, services.storage());
            worker.start();
            // A running worker has its code compiled; a fresh JVM would spend (c)'s first seconds in the
            // JIT compilers, on the cores ffmpeg needs. One short job first, untimed, as a deployment has.
            JobMessage warmUp = feed.upload(TestClips.shared().video(VideoClip.of(1920, 1080).fps(30).duration(Duration.ofSeconds(4))));
            feed.enqueue(warmUp);
            if (!(feed.awaitTerminal(warmUp.jobId(), Duration.ofMinutes(10)) instanceof JobEvent.Succeeded)) {
                throw new IllegalStateException("the worker failed the warm-up job");
            }
            JobMessage job = feed.upload(clip);
            long start = System.nanoTime();
            feed.enqueue(job);
            JobEvent outcome = feed.awaitTerminal(job.jobId(), Duration.ofMinutes(30));
            c = System.nanoTime() - start;
            if (!(outcome instanceof JobEvent.Succeeded)) {
                throw new IllegalStateException("the worker failed the job: " + outcome);
            }
            worker.stop(Duration.ofSeconds(10));
        }

        System.out.printf(Locale.ROOT, "%n== Worker transcode (%d cores, %d s 1080p30 clip, rungs %s, x264 veryfast)%n",
                Runtime.getRuntime().availableProcessors(), seconds, variants.stream().map(Ladder.Variant::name).toList());
        System.out.printf(Locale.ROOT, "(a) the worker's ffmpeg commands alone %5.2f s  (%s)%n", a / 1e9,
                commands.size() == 1 ? "single pass" : "single pass + MP4 remux of a rung");
        System.out.printf(Locale.ROOT, "(b) one ffmpeg per rung (+mp4,thumbs) %6.2f s  (each rung, the MP4 and the thumbnails"
                + " each decode and scale the source; the MP4 is its own encode)%n", b / 1e9);
        System.out.printf(Locale.ROOT, "(c) worker end to end                %8.2f s%n", c / 1e9);
        System.out.printf(Locale.ROOT, "c/a = %.3f  (target <= 1.10: %s)%n", (double) c / a, (double) c / a <= 1.10 ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "c/b = %.3f  (target <= 0.80: %s)%n", (double) c / b, (double) c / b <= 0.80 ? "met" : "MISSED");
        System.exit(0);
    }

    interface Step {
        void run() throws Exception;
    }

    private static long time(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    private static void run(List<String> command, Path directory) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("ffmpeg.log").toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + String.join(" ", command) + "\n"
                    + Files.readString(directory.resolve("ffmpeg.log")));
        }
    }
}
