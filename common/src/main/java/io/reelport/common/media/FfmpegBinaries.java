package io.reelport.common.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Loader;

/**
 * The {@code ffmpeg} and {@code ffprobe} executables the worker (and the tests) run.
 *
 * <p>A configured path wins ({@code FFMPEG_PATH}, {@code FFPROBE_PATH}; the caller reads its own
 * configuration and passes the values in). Otherwise the executables bundled in the
 * {@code org.bytedeco:ffmpeg} jar for this platform are used: JavaCPP extracts them, with the
 * shared libraries they link, into its cache ({@code ~/.javacpp/cache}) once, so nothing needs
 * building by hand. The {@code -gpl} platform jar carries libx264; the plain one does not.
 *
 * <p>The bytedeco dependencies are optional in {@code common}: a service that resolves these
 * binaries must declare {@code org.bytedeco:ffmpeg} with its platform classifier, or configure
 * both paths.
 *
 * <p>Either way each executable is run once ({@code -version}) before it is handed out, so a
 * machine that cannot run it fails at startup with the reason, not at the first job. The bundled
 * Linux build still needs a few system libraries for capture devices Reelport never uses
 * (PulseAudio, ALSA, XCB); a missing one is named in the error with its Debian package.
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe) {

    public FfmpegBinaries {
        requireExecutable(ffmpeg, "ffmpeg");
        requireExecutable(ffprobe, "ffprobe");
    }

    /**
     * @param ffmpegPath  the configured ffmpeg ({@code FFMPEG_PATH}); null or blank for the bundled one
     * @param ffprobePath the configured ffprobe ({@code FFPROBE_PATH}); null or blank for the bundled one
     * @throws IllegalStateException naming what to set or install when an executable cannot be run
     */
    public static FfmpegBinaries resolve(String ffmpegPath, String ffprobePath) {
        Path ffmpeg = configuredOrBundled("FFMPEG_PATH", ffmpegPath, "ffmpeg",
                () -> Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
        Path ffprobe = configuredOrBundled("FFPROBE_PATH", ffprobePath, "ffprobe",
                () -> Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
        return new FfmpegBinaries(ffmpeg, ffprobe);
    }

    private static Path configuredOrBundled(String variable, String configured, String name, Supplier<String> bundled) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.trim());
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException(variable + " is '" + configured + "', which is not an executable file");
            }
            String failure = BundledExecutable.versionCheck(path);
            if (failure != null) {
                throw new IllegalStateException(variable + " is '" + configured + "', which does not run: " + failure);
            }
            return path;
        }
        String extracted;
        try {
            extracted = bundled.get();
        } catch (UnsatisfiedLinkError linkError) {
            // Loading the bundled libraries into this JVM failed: the same system library is
            // missing that the executable would miss, or there is no platform jar.
            String systemLibrary = BundledExecutable.missingLibrary(linkError);
            if (systemLibrary != null) {
                throw BundledExecutable.missingSystemLibrary(name, systemLibrary, variable);
            }
            throw notBundled(variable, name, linkError);
        } catch (NoClassDefFoundError missing) {
            throw notBundled(variable, name, missing);
        }
        if (extracted == null) {
            throw notBundled(variable, name, null);
        }
        return BundledExecutable.runnable(Path.of(extracted), name, variable);
    }

    private static IllegalStateException notBundled(String variable, String name, Throwable cause) {
        return new IllegalStateException(name + " not found: set " + variable + " to an " + name
                + " executable, or put org.bytedeco:ffmpeg with the classifier for this platform"
                + " (e.g. linux-x86_64-gpl) on the classpath" + (cause == null ? "" : " (" + cause + ")"), cause);
    }

    private static void requireExecutable(Path path, String name) {
        if (path == null || !Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new IllegalStateException(name + " at " + path + " is not an executable file");
        }
    }
}
