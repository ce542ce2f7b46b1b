package io.reelport.worker.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.jobs.Rendition;
import io.reelport.worker.job.JobControl;
import io.reelport.worker.job.JobFailure;
import io.reelport.worker.platform.WorkerProperties;
import io.reelport.worker.preview.PublishingPreviews;
import io.reelport.testsupport.media.Ffprobe;
import io.reelport.testsupport.media.ProbeResult;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.TestFfmpeg;
import io.reelport.testsupport.media.VideoClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transcoder on generated clips, with the bundled ffmpeg, without storage or Redis. */
class TranscodingMediaTest {

    static final int SEGMENT_SECONDS = 2;

    final TestClips clips = TestClips.shared();
    final ProbingMedia probing = new ProbingMedia(TestFfmpeg.binaries());
    final TranscodingMedia transcoding = transcoder(Duration.ofMinutes(2), 10);

    @TempDir
    Path work;

    static TranscodingMedia transcoder(Duration minTimeout, double timeoutFactor) {
        return new TranscodingMedia(TestFfmpeg.binaries(),
                new WorkerProperties.Ffmpeg(null, null, 0, "ultrafast", false, timeoutFactor, minTimeout),
                new WorkerProperties.Previews(WorkerProperties.DEFAULT_LADDER, SEGMENT_SECONDS, 160, 100, 360, 800, 128), false);
    }

    @Test
    void aVideoBecomesAnAlignedLadderWithPosterThumbnailsAndMp4() throws Exception {
        Path source = clips.video(VideoClip.of(640, 360).duration(Duration.ofSeconds(5)));
        ProbedMedia media = probing.probe(source);
        assertThat(media.kind()).isEqualTo(ProbedMedia.Kind.VIDEO);
        assertThat(media.metadata().durationSeconds()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.1));

        Transcoded result = transcoding.transcode(media, source, work.resolve("out"), JobControl.DETACHED);
        Path out = result.directory();

        assertThat(PublishingPreviews.files(out)).contains("hls/master.m3u8", "hls/240p/index.m3u8", "hls/240p/init.mp4",
                "hls/240p/seg_00001.m4s", "hls/360p/index.m3u8", "hls/360p/init.mp4", "poster.jpg", "preview.mp4",
                "thumbs/sprite_000.jpg", "thumbs/thumbnails.vtt").noneMatch(path -> path.contains("init_") || path.contains("t_0"));
        String master = Files.readString(out.resolve("hls/master.m3u8"));
        assertThat(master).contains("RESOLUTION=426x240", "RESOLUTION=640x360", "CODECS=\"avc1.", "mp4a.40.2", "BANDWIDTH=");
        assertThat(Files.readString(out.resolve("hls/360p/index.m3u8"))).contains("#EXT-X-MAP:URI=\"init.mp4\"");

        for (String rung : List.of("240p", "360p")) {
            List<Double> segments = segmentDurations(out.resolve("hls/" + rung + "/index.m3u8"));
            assertThat(segments).hasSize(3);
            assertThat(segments.subList(0, 2)).allSatisfy(seconds ->
                    assertThat(seconds).isCloseTo(SEGMENT_SECONDS, org.assertj.core.data.Offset.offset(0.05)));
            assertThat(segments.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.1));
            ProbeResult probe = Ffprobe.probe(out.resolve("hls/" + rung + "/index.m3u8"));
            assertThat(probe.video().orElseThrow().height()).isLessThanOrEqualTo(360);
            assertThat(probe.audio()).isPresent();
        }
        // the 360p rung is the MP4's size and bitrate, so the MP4 is that rung remuxed
        assertPlayableProgressiveMp4(out.resolve("preview.mp4"), 640, 360, 5.0);
        assertThat(Files.size(out.resolve("preview.mp4"))).isCloseTo(
                result.renditions().stream().filter(r -> r.name().equals("360p")).findFirst().orElseThrow().bytes(),
                org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(Ffprobe.probe(out.resolve("poster.jpg")).video().orElseThrow().height()).isEqualTo(360);
        String vtt = Files.readString(out.resolve("thumbs/thumbnails.vtt"));
        assertThat(vtt).startsWith("WEBVTT").contains("sprite_000.jpg#xywh=0,0,160,90");
        assertThat(result.renditions()).extracting(Rendition::kind).contains(Rendition.Kind.HLS_MASTER, Rendition.Kind.HLS_VIDEO,
                Rendition.Kind.MP4, Rendition.Kind.POSTER, Rendition.Kind.THUMBNAILS_VTT, Rendition.Kind.THUMBNAIL_SPRITE);
        assertThat(result.renditions()).filteredOn(r -> r.kind() == Rendition.Kind.HLS_VIDEO)
                .allSatisfy(r -> {
                    assertThat(r.bandwidth()).isPositive();
                    assertThat(r.codecs()).startsWith("avc1.").endsWith("mp4a.40.2");
                    assertThat(r.bytes()).isPositive();
                });
    }

    @Test
    void withoutARungOfItsSizeTheMp4IsEncodedInTheSamePass() throws Exception {
        TranscodingMedia lowLadder = new TranscodingMedia(TestFfmpeg.binaries(),
                new WorkerProperties.Ffmpeg(null, null, 0, "ultrafast", false, 10, Duration.ofMinutes(2)),
                new WorkerProperties.Previews("240p:240:400,480p:480:1400", SEGMENT_SECONDS, 160, 100, 360, 800, 128), false);
        Path source = clips.video(VideoClip.of(640, 360).duration(Duration.ofSeconds(3)));
        ProbedMedia media = probing.probe(source);

        Path out = lowLadder.transcode(media, source, work.resolve("out"), JobControl.DETACHED).directory();
        assertThat(PublishingPreviews.files(out)).contains("hls/240p/index.m3u8", "preview.mp4", "poster.jpg")
                .noneMatch(path -> path.startsWith("hls/360p") || path.startsWith("hls/480p"));
        assertPlayableProgressiveMp4(out.resolve("preview.mp4"), 640, 360, 3.0);
    }

    /** Decodes to the end without an error, and has its index (moov) before the media (mdat). */
    static void assertPlayableProgressiveMp4(Path mp4, int width, int height, double seconds) throws Exception {
        ProbeResult probe = Ffprobe.probe(mp4);
        assertThat(probe.video().orElseThrow()).extracting(ProbeResult.Stream::width, ProbeResult.Stream::height)
                .containsExactly(width, height);
        assertThat(probe.audio()).isPresent();
        Process decode = new ProcessBuilder(TestFfmpeg.binaries().ffmpeg().toString(), "-v", "error", "-xerror",
                "-i", mp4.toString(), "-f", "null", "-").redirectErrorStream(true).start();
        String errors = new String(decode.getInputStream().readAllBytes());
        assertThat(decode.waitFor()).as(errors).isZero();
        assertThat(errors).isBlank();

        List<String> boxes = new ArrayList<>();
        try (var in = new java.io.DataInputStream(Files.newInputStream(mp4))) {
            long remaining = Files.size(mp4);
            while (remaining >= 8) {
                long size = in.readInt() & 0xffffffffL;
                byte[] type = in.readNBytes(4);
                boxes.add(new String(type, java.nio.charset.StandardCharsets.US_ASCII));
                long header = 8;
                if (size == 1) {
                    size = in.readLong();
                    header = 16;
                }
                in.skipNBytes(size - header);
                remaining -= size;
            }
        }
        assertThat(boxes).contains("ftyp", "moov", "mdat");
        assertThat(boxes.indexOf("moov")).as("faststart: moov before mdat in %s", boxes).isLessThan(boxes.indexOf("mdat"));
        assertThat(probe.duration().toMillis() / 1000.0).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.15));
    }

    @Test
    void aPortraitPhoneVideoIsTurnedUpright() throws Exception {
        Path source = clips.video(VideoClip.of(640, 360).rotated(-90).duration(Duration.ofSeconds(1)));
        ProbedMedia media = probing.probe(source);
        assertThat(media.metadata().rotation()).isEqualTo(-90);
        assertThat(media.displayWidth()).isEqualTo(360);
        assertThat(media.displayHeight()).isEqualTo(640);

        Path out = transcoding.transcode(media, source, work.resolve("out"), JobControl.DETACHED).directory();
        ProbeResult rung = Ffprobe.probe(out.resolve("hls/360p/index.m3u8"));
        assertThat(rung.video().orElseThrow()).extracting(ProbeResult.Stream::width, ProbeResult.Stream::height)
                .containsExactly(360, 640);
        assertThat(Files.readString(out.resolve("hls/master.m3u8"))).contains("RESOLUTION=240x426");
    }

    @Test
    void anAudioFileBecomesAudioHlsAndAWaveform() throws Exception {
        Path source = clips.audioOnly(Duration.ofSeconds(3));
        ProbedMedia media = probing.probe(source);
        assertThat(media.kind()).isEqualTo(ProbedMedia.Kind.AUDIO);

        Path out = transcoding.transcode(media, source, work.resolve("out"), JobControl.DETACHED).directory();
        assertThat(PublishingPreviews.files(out)).containsExactlyInAnyOrder("hls/master.m3u8", "hls/audio/index.m3u8",
                "hls/audio/init.mp4", "hls/audio/seg_00001.m4s", "hls/audio/seg_00002.m4s", "waveform.png", "waveform.json");
        assertThat(Files.readString(out.resolve("hls/master.m3u8"))).contains("mp4a.40.2");
        ProbeResult hls = Ffprobe.probe(out.resolve("hls/audio/index.m3u8"));
        assertThat(hls.audio()).isPresent();
        assertThat(hls.video()).isEmpty();
        String waveform = Files.readString(out.resolve("waveform.json"));
        assertThat(waveform).contains("\"peaks\":[").contains("\"sampleRate\":8000");
        // a steady sine: every peak well above silence
        Matcher peak = Pattern.compile("(\\d\\.\\d{3})").matcher(waveform.substring(waveform.indexOf("peaks")));
        int count = 0;
        while (peak.find()) {
            assertThat(Double.parseDouble(peak.group(1))).isGreaterThan(0.05);
            count++;
        }
        assertThat(count).isEqualTo(60);
    }

    @Test
    void aStillImageBecomesResizedPictures() throws Exception {
        Path source = clips.stillImage(640, 480);
        ProbedMedia media = probing.probe(source);
        assertThat(media.kind()).isEqualTo(ProbedMedia.Kind.IMAGE);

        Transcoded result = transcoding.transcode(media, source, work.resolve("out"), JobControl.DETACHED);
        assertThat(PublishingPreviews.files(result.directory())).containsExactlyInAnyOrder(
                "image/240p.jpg", "image/360p.jpg", "image/480p.jpg", "poster.jpg");
        assertThat(Ffprobe.probe(result.directory().resolve("image/240p.jpg")).video().orElseThrow())
                .extracting(ProbeResult.Stream::width, ProbeResult.Stream::height).containsExactly(320, 240);
    }

    @Test
    void refusesWhatIsNotMedia() {
        for (Path bad : List.of(clips.notMedia(), clips.corrupt(), clips.truncated(), clips.empty())) {
            assertThatThrownBy(() -> probing.probe(bad)).as(bad.getFileName().toString())
                    .isInstanceOfSatisfying(JobFailure.class, failure -> {
                        assertThat(failure.code()).isEqualTo(JobFailure.UNSUPPORTED_MEDIA);
                        assertThat(failure.retryable()).isFalse();
                        assertThat(failure.getMessage()).doesNotContain(bad.getParent().toString());
                    });
        }
    }

    @Test
    void aHungFfmpegIsStoppedAfterATimeoutRelativeToTheDuration() {
        TranscodingMedia impatient = transcoder(Duration.ofMillis(1), 0.001);
        assertThat(impatient.timeoutFor(3600)).isEqualTo(Duration.ofMillis(3600));
        Path source = clips.video(VideoClip.of(640, 360).duration(Duration.ofSeconds(5)));
        ProbedMedia media = probing.probe(source);
        assertThatThrownBy(() -> impatient.transcode(media, source, work.resolve("out"), JobControl.DETACHED))
                .isInstanceOfSatisfying(JobFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(JobFailure.TRANSCODE_TIMEOUT);
                    assertThat(failure.retryable()).isTrue();
                });
    }

    static List<Double> segmentDurations(Path playlist) throws Exception {
        List<Double> durations = new ArrayList<>();
        Matcher extinf = Pattern.compile("#EXTINF:([0-9.]+),").matcher(Files.readString(playlist));
        while (extinf.find()) {
            durations.add(Double.parseDouble(extinf.group(1)));
        }
        return durations;
    }
}
