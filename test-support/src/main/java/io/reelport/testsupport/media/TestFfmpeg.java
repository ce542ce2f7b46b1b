package io.reelport.testsupport.media;

import io.reelport.common.media.FfmpegBinaries;
import io.reelport.testsupport.lookup.FoundOnce;
import io.reelport.testsupport.lookup.TestEnvironment;

/**
 * The ffmpeg and ffprobe tests run: {@code FFMPEG_PATH} and {@code FFPROBE_PATH} when set, else the
 * executables in the {@code org.bytedeco:ffmpeg} jar (see {@link FfmpegBinaries}). Resolved once
 * per JVM; the first use extracts them into JavaCPP's cache, which takes a second or two.
 */
public final class TestFfmpeg {

    private static final FoundOnce<FfmpegBinaries> BINARIES = new FoundOnce<>(() -> FfmpegBinaries.resolve(
            TestEnvironment.get("FFMPEG_PATH").orElse(null), TestEnvironment.get("FFPROBE_PATH").orElse(null)));

    private TestFfmpeg() {
    }

    public static FfmpegBinaries binaries() {
        return BINARIES.get();
    }
}
