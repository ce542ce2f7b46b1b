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
 * installing by hand. The {@code -gpl} platform jar carries libx264; the plain one does not.
 *
 * <p>The bytedeco dependencies are optional in {@code common}: a service that resolves these
 * binaries must declare {@code org.bytedeco:ffmpeg} with its platform classifier, or configure
 * both paths.
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe) {

    public FfmpegBinaries {
        requireExecutable(ffmpeg, "ffmpeg");
        requireExecutable(ffprobe, "ffprobe");
    }

    /**
     * @param ffmpegPath  the configured ffmpeg ({@code FFMPEG_PATH}); null or blank for the bundled one
     * @param ffprobePath the configured ffprobe ({@code FFPROBE_PATH}); null or blank for the bundled one
     * @throws IllegalStateException naming the variable to set when an executable cannot be found
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
            return path;
        }
        String extracted;
        try {
            extracted = bundled.get();
        } catch (NoClassDefFoundError | UnsatisfiedLinkError missing) {
            // The API jar without the platform jar fails with UnsatisfiedLinkError; neither jar with
            // NoClassDefFoundError. Both mean the same thing to whoever reads the message.
            throw new IllegalStateException(name + " not found: set " + variable + " to an " + name
                    + " executable, or put org.bytedeco:ffmpeg with the classifier for this platform"
                    + " (e.g. linux-x86_64-gpl) on the classpath (" + missing + ")", missing);
        }
        if (extracted == null) {
            throw new IllegalStateException(name + " not found in org.bytedeco:ffmpeg for this platform;"
                    + " set " + variable + " to an " + name + " executable");
        }
        return Path.of(extracted);
    }

    private static void requireExecutable(Path path, String name) {
        if (path == null || !Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new IllegalStateException(name + " at " + path + " is not an executable file");
        }
    }
}
