package io.reelport.testsupport.media;

import io.reelport.testsupport.lookup.TestOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Small media files made by ffmpeg from its synthetic sources ({@code testsrc2} pictures, a
 * {@code sine} tone), in the test itself: nothing binary is checked in, and a test says in code
 * what its input is. Also the inputs a pipeline must refuse: corrupt, truncated, empty and
 * non-media files.
 *
 * <p>A clip's file name spells out what it is, and an existing file is reused, so a directory of
 * clips is a cache: {@link #shared()} keeps one per build for all test classes. Treat the files as
 * read-only. Files appear atomically, so parallel builds may share the directory.
 */
public final class TestClips {

    private final Path directory;

    /** Clips in {@code directory}, e.g. a JUnit {@code @TempDir}. */
    public TestClips(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    /** Clips cached under {@code target/reelport-test/clips/} for the whole build. */
    public static TestClips shared() {
        return new TestClips(TestOutput.directory().resolve("clips"));
    }

    public Path directory() {
        return directory;
    }

    public Path video(VideoClip clip) {
        return cached(clip.fileName(), target -> {
            double seconds = clip.duration().toMillis() / 1000.0;
            List<String> command = ffmpeg();
            command.addAll(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, "testsrc2=size=%dx%d:rate=%d:duration=%.3f",
                    clip.width(), clip.height(), clip.fps(), seconds)));
            if (clip.audio()) {
                command.addAll(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, "sine=frequency=440:sample_rate=48000:duration=%.3f", seconds)));
            }
            command.addAll(List.of("-map", "0:v"));
            if (clip.audio()) {
                command.addAll(List.of("-map", "1:a", "-c:a", "aac", "-b:a", "96k"));
            }
            // One keyframe a second, as a camera would; a transcoder must not rely on it.
            command.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", Integer.toString(clip.fps())));
            if (clip.rotation() == 0) {
                command.add(target.toString());
                MediaProcess.run(command);
                return;
            }
            // The display matrix is attached to a stream on input and kept by a stream copy; set while
            // encoding, ffmpeg would instead turn the pixels (autorotate) and drop the tag.
            Path unrotated = target.resolveSibling("unrotated-" + target.getFileName());
            command.add(unrotated.toString());
            MediaProcess.run(command);
            try {
                List<String> tag = ffmpeg();
                tag.addAll(List.of("-display_rotation:v:0", Integer.toString(clip.rotation()), "-i", unrotated.toString(),
                        "-map", "0", "-c", "copy", target.toString()));
                MediaProcess.run(tag);
            } finally {
                deleteQuietly(unrotated);
            }
        });
    }

    /** An AAC tone in an M4A file. */
    public Path audioOnly(Duration duration) {
        return cached("audio-" + duration.toMillis() + "ms.m4a", target -> {
            List<String> command = ffmpeg();
            command.addAll(List.of("-f", "lavfi", "-i",
                    String.format(Locale.ROOT, "sine=frequency=440:sample_rate=48000:duration=%.3f", duration.toMillis() / 1000.0),
                    "-c:a", "aac", "-b:a", "96k", target.toString()));
            MediaProcess.run(command);
        });
    }

    /** One {@code testsrc2} frame as a JPEG: a picture, not a video. */
    public Path stillImage(int width, int height) {
        return cached("still-" + width + "x" + height + ".jpg", target -> {
            List<String> command = ffmpeg();
            command.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=1",
                    "-frames:v", "1", "-q:v", "3", target.toString()));
            MediaProcess.run(command);
        });
    }

    /**
     * The first half of a 2 s 320x240 MP4: the header ({@code moov}) is written at the end, so
     * nothing can be decoded, as with an upload cut off midway.
     */
    public Path truncated() {
        Path whole = video(VideoClip.of(320, 240));
        return cached("truncated.mp4", target -> {
            byte[] bytes = Files.readAllBytes(whole);
            Files.write(target, Arrays.copyOf(bytes, bytes.length / 2));
        });
    }

    /** An MP4 file type box followed by noise: claims to be MP4, is not. */
    public Path corrupt() {
        return cached("corrupt.mp4", target -> {
            byte[] noise = new byte[64 * 1024];
            new Random(20260101L).nextBytes(noise); // fixed seed: the same bytes on every run
            byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
            System.arraycopy(ftyp, 0, noise, 0, ftyp.length);
            Files.write(target, noise);
        });
    }

    /** A zero-byte file named like a video. */
    public Path empty() {
        return cached("empty.mp4", target -> Files.write(target, new byte[0]));
    }

    /** Text in a file named like a video. */
    public Path notMedia() {
        return cached("not-media.mp4", target ->
                Files.writeString(target, "This is a text file, not a video.\n".repeat(100), StandardCharsets.UTF_8));
    }

    private List<String> ffmpeg() {
        return new ArrayList<>(List.of(TestFfmpeg.binaries().ffmpeg().toString(),
                "-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
    }

    /** Writes the file through a temporary name so that nobody ever sees half a clip. */
    private Path cached(String fileName, Generator generator) {
        Path target = directory.resolve(fileName);
        if (Files.exists(target)) {
            return target;
        }
        // The temporary name keeps the extension: ffmpeg picks the container from it.
        Path partial = directory.resolve("partial-" + UUID.randomUUID() + "-" + fileName);
        try {
            generator.writeTo(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A stray temporary file in a test directory harms nobody.
        }
    }

    @FunctionalInterface
    private interface Generator {
        void writeTo(Path target) throws IOException;
    }

    @Override
    public String toString() {
        return "TestClips[" + directory + "]";
    }
}
