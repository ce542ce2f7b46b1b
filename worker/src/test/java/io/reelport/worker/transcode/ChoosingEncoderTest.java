package io.reelport.worker.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.media.FfmpegBinaries;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.TestFfmpeg;
import io.reelport.testsupport.media.VideoClip;
import io.reelport.worker.platform.WorkerProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVENC only when configured and working. The bundled ffmpeg (bytedeco's GPL build) carries the
 * h264_nvenc encoder, which needs an NVIDIA GPU and driver at run time: asked for on a machine
 * without one (like CI's), the worker must fall back to libx264; on a GPU node it must use NVENC.
 */
class ChoosingEncoderTest {

    final FfmpegBinaries bundled = TestFfmpeg.binaries();

    @TempDir
    Path scratch;

    @Test
    void nvencIsNotUsedUnlessConfigured() {
        assertThat(ChoosingEncoder.useNvenc(false, bundled, scratch)).isFalse();
    }

    @Test
    void nvencAskedForIsUsedExactlyWhenAGpuAnswers() throws Exception {
        assertThat(encoders(bundled)).contains("libx264", "h264_nvenc");
        boolean gpu = Files.exists(Path.of("/dev/nvidiactl"));
        assertThat(ChoosingEncoder.useNvenc(true, bundled, scratch)).as("NVIDIA device present: " + gpu).isEqualTo(gpu);
    }

    @Test
    void withNvencEveryRungIsEncodedByNvencAndNothingByLibx264() throws Exception {
        Path source = TestClips.shared().video(VideoClip.of(1280, 720).duration(Duration.ofSeconds(2)));
        ProbedMedia media = new ProbingMedia(bundled).probe(source);
        TranscodingMedia nvenc = new TranscodingMedia(bundled,
                new WorkerProperties.Ffmpeg(null, null, 0, "veryfast", true, 10, Duration.ofMinutes(2)),
                new WorkerProperties.Previews(WorkerProperties.DEFAULT_LADDER, 4, 160, 100, 360, 800, 128), true);
        List<Ladder.Variant> variants = nvenc.ladder().variantsFor(media.displayWidth(), media.displayHeight(), media.frameRate());

        List<String> encoders = new ArrayList<>();
        for (List<String> command : nvenc.videoCommands(media, source, variants, 1)) {
            for (int i = 0; i < command.size() - 1; i++) {
                if (command.get(i).startsWith("-c:v")) {
                    encoders.add(command.get(i + 1));
                }
            }
        }
        // one -c:v for the ladder's output: every rung's video stream goes to h264_nvenc
        assertThat(encoders).contains("h264_nvenc").doesNotContain("libx264");
    }

    private static String encoders(FfmpegBinaries binaries) throws Exception {
        Process process = new ProcessBuilder(binaries.ffmpeg().toString(), "-hide_banner", "-encoders")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
