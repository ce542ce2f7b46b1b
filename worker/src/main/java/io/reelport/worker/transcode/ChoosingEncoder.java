package io.reelport.worker.transcode;

import io.reelport.common.media.FfmpegBinaries;
import io.reelport.worker.job.JobControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides once, at startup, whether the ladder is encoded with NVENC: only when it is configured
 * ({@code WORKER_NVENC=true}) and a one-frame test encode with {@code h264_nvenc} succeeds (the
 * ffmpeg build has it, and a GPU and driver answer). Otherwise libx264, with a warning if NVENC was
 * asked for, so a misconfigured GPU node still transcodes.
 */
public final class ChoosingEncoder {

    private static final Logger log = LoggerFactory.getLogger(ChoosingEncoder.class);

    private ChoosingEncoder() {
    }

    public static boolean useNvenc(boolean configured, FfmpegBinaries binaries, Path scratch) {
        if (!configured) {
            return false;
        }
        FfmpegRun.Result result = FfmpegRun.run(List.of(binaries.ffmpeg().toString(), "-hide_banner", "-nostdin",
                        "-loglevel", "error", "-f", "lavfi", "-i", "color=size=256x256:duration=0.1", "-frames:v", "1",
                        "-c:v", "h264_nvenc", "-f", "null", "-"),
                scratch, Duration.ofSeconds(30), JobControl.DETACHED, 0, fraction -> { }, false);
        if (result.exitCode() == 0) {
            log.info("NVENC works: the ladder is encoded with h264_nvenc");
            return true;
        }
        log.warn("WORKER_NVENC is true but h264_nvenc does not work here ({}); encoding with libx264",
                result.stderrTail().strip().lines().findFirst().orElse("exit " + result.exitCode()));
        return false;
    }
}
