package io.reelport.testsupport.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.media.FfmpegBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FfmpegBinaries} lives in common; it is tested here, where the bytedeco platform jar is. */
class FfmpegBinariesTest {

    @Test
    void withoutConfigurationTheBundledExecutablesRun() {
        FfmpegBinaries binaries = FfmpegBinaries.resolve(null, " ");

        assertThat(binaries.ffmpeg().getFileName()).hasToString("ffmpeg");
        assertThat(binaries.ffprobe().getFileName()).hasToString("ffprobe");
        assertThat(MediaProcess.run(List.of(binaries.ffmpeg().toString(), "-hide_banner", "-version")))
                .startsWith("ffmpeg version").contains("--enable-libx264");
        assertThat(MediaProcess.run(List.of(binaries.ffprobe().toString(), "-hide_banner", "-version")))
                .startsWith("ffprobe version");
    }

    @Test
    void aConfiguredPathWins() {
        FfmpegBinaries bundled = FfmpegBinaries.resolve(null, null);

        FfmpegBinaries configured = FfmpegBinaries.resolve(bundled.ffmpeg().toString(), bundled.ffprobe().toString());

        assertThat(configured).isEqualTo(bundled);
    }

    @Test
    void aConfiguredPathThatIsNotAnExecutableNamesTheVariable(@TempDir Path directory) throws Exception {
        Path notExecutable = Files.writeString(directory.resolve("ffmpeg"), "#!/bin/sh\n");

        assertThatThrownBy(() -> FfmpegBinaries.resolve(notExecutable.toString(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("FFMPEG_PATH is '" + notExecutable + "'");
        assertThatThrownBy(() -> FfmpegBinaries.resolve(null, directory.resolve("missing").toString()))
                .hasMessageStartingWith("FFPROBE_PATH is ");
    }

    @Test
    void aConfiguredExecutableThatCannotRunSaysWhy(@TempDir Path directory) throws Exception {
        Path broken = Files.writeString(directory.resolve("ffmpeg"), "#!/bin/sh\n"
                + "echo 'ffmpeg: error while loading shared libraries: libpulse.so.0: cannot open shared object file' >&2\n"
                + "exit 127\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> FfmpegBinaries.resolve(broken.toString(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("FFMPEG_PATH is '" + broken + "', which does not run: exit 127")
                .hasMessageContaining("libpulse.so.0");
    }
}
