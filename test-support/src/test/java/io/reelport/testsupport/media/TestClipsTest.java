package io.reelport.testsupport.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ffmpeg from the bytedeco jar makes the clips the pipeline tests need, and ffprobe reads them back. */
class TestClipsTest {

    @TempDir
    static Path directory;

    private final TestClips clips = new TestClips(directory);

    @Test
    void aVideoWithAudioHasTheRequestedSizeRateAndDuration() {
        Path clip = clips.video(VideoClip.of(640, 360).fps(30).duration(Duration.ofMillis(1500)));

        ProbeResult probe = Ffprobe.probe(clip);

        assertThat(probe.formatName()).contains("mp4");
        assertThat(probe.duration()).isBetween(Duration.ofMillis(1400), Duration.ofMillis(1600));
        assertThat(probe.sizeBytes()).isEqualTo(size(clip));
        assertThat(probe.video()).get().satisfies(video -> {
            assertThat(video.codecName()).isEqualTo("h264");
            assertThat(video.width()).isEqualTo(640);
            assertThat(video.height()).isEqualTo(360);
            assertThat(video.frameRate()).isEqualTo(30.0);
            assertThat(video.pixelFormat()).isEqualTo("yuv420p");
            assertThat(video.rotation()).isZero();
        });
        assertThat(probe.audio()).get().satisfies(audio -> {
            assertThat(audio.codecName()).isEqualTo("aac");
            assertThat(audio.sampleRate()).isEqualTo(48000);
            assertThat(audio.channels()).isEqualTo(1);
        });
    }

    @Test
    void aSilentVideoHasNoAudioStream() {
        ProbeResult probe = Ffprobe.probe(clips.video(VideoClip.of(320, 240).withoutAudio().container("mkv")));

        assertThat(probe.formatName()).contains("matroska");
        assertThat(probe.video()).isPresent();
        assertThat(probe.audio()).isEmpty();
    }

    @Test
    void aPortraitPhoneRecordingCarriesADisplayMatrixAndUnturnedPixels() {
        ProbeResult probe = Ffprobe.probe(clips.video(VideoClip.of(320, 180).duration(Duration.ofSeconds(1)).rotated(-90)));

        assertThat(probe.video()).get().satisfies(video -> {
            assertThat(video.rotation()).isEqualTo(-90);
            assertThat(video.width()).isEqualTo(320);
            assertThat(video.height()).isEqualTo(180);
        });
        assertThat(probe.audio()).isPresent();
    }

    @Test
    void audioOnlyAndStillImage() {
        ProbeResult audio = Ffprobe.probe(clips.audioOnly(Duration.ofSeconds(1)));
        ProbeResult still = Ffprobe.probe(clips.stillImage(400, 300));

        assertThat(audio.video()).isEmpty();
        assertThat(audio.audio()).get().extracting(ProbeResult.Stream::codecName).isEqualTo("aac");
        assertThat(audio.duration()).isBetween(Duration.ofMillis(900), Duration.ofMillis(1100));
        assertThat(still.video()).get().satisfies(picture -> {
            assertThat(picture.codecName()).isEqualTo("mjpeg");
            assertThat(picture.width()).isEqualTo(400);
            assertThat(picture.height()).isEqualTo(300);
        });
        assertThat(still.audio()).isEmpty();
    }

    @Test
    void brokenInputsAreNotReadableMedia() {
        assertThat(Ffprobe.isReadable(clips.video(VideoClip.of(320, 240)))).isTrue();

        assertThat(Ffprobe.isReadable(clips.truncated())).isFalse();
        assertThat(Ffprobe.isReadable(clips.corrupt())).isFalse();
        assertThat(Ffprobe.isReadable(clips.empty())).isFalse();
        assertThat(Ffprobe.isReadable(clips.notMedia())).isFalse();
        assertThat(size(clips.empty())).isZero();
        assertThatThrownBy(() -> Ffprobe.probe(clips.corrupt()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt.mp4");
    }

    @Test
    void aClipIsMadeOnceAndThenReused() throws Exception {
        VideoClip spec = VideoClip.of(160, 120).duration(Duration.ofMillis(500));
        Path first = clips.video(spec);
        var madeAt = Files.getLastModifiedTime(first);

        Path second = clips.video(spec);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second)).isEqualTo(madeAt);
        assertThat(first.getFileName().toString()).isEqualTo("video-160x120-25fps-500ms-aac.mp4");
        try (var files = Files.list(directory)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.startsWith("partial-"));
        }
    }

    @Test
    void whatFfmpegCannotMakeIsRefusedBeforeItRuns() {
        assertThatThrownBy(() -> VideoClip.of(641, 360))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even");
        assertThatThrownBy(() -> VideoClip.of(640, 360).rotated(45))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rotation");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
