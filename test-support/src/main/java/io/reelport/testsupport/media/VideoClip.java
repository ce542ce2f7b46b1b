package io.reelport.testsupport.media;

import java.time.Duration;
import java.util.Set;

/**
 * What {@link TestClips#video(VideoClip)} makes: H.264 (libx264, yuv420p) from ffmpeg's
 * {@code testsrc2} pattern, with a 440 Hz AAC tone unless {@link #withoutAudio()}, optionally
 * tagged with a display rotation the way phones tag portrait recordings.
 *
 * <p>Start from {@link #of(int, int)} (25 fps, 2 s, with audio, no rotation, MP4) and change what the
 * test is about.
 */
public record VideoClip(int width, int height, int fps, Duration duration, boolean audio, int rotation, String container) {

    private static final Set<String> CONTAINERS = Set.of("mp4", "mov", "mkv");
    private static final Set<Integer> ROTATIONS = Set.of(0, 90, 180, -90);

    public VideoClip {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            // yuv420p subsamples chroma 2x2, so libx264 refuses odd sizes.
            throw new IllegalArgumentException("width and height must be even and at least 2, got " + width + "x" + height);
        }
        if (fps < 1 || fps > 240) {
            throw new IllegalArgumentException("fps must be 1-240, got " + fps);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (!ROTATIONS.contains(rotation)) {
            throw new IllegalArgumentException("rotation must be one of " + ROTATIONS + ", got " + rotation);
        }
        if (!CONTAINERS.contains(container)) {
            throw new IllegalArgumentException("container must be one of " + CONTAINERS + ", got " + container);
        }
    }

    public static VideoClip of(int width, int height) {
        return new VideoClip(width, height, 25, Duration.ofSeconds(2), true, 0, "mp4");
    }

    public VideoClip fps(int framesPerSecond) {
        return new VideoClip(width, height, framesPerSecond, duration, audio, rotation, container);
    }

    public VideoClip duration(Duration length) {
        return new VideoClip(width, height, fps, length, audio, rotation, container);
    }

    public VideoClip withoutAudio() {
        return new VideoClip(width, height, fps, duration, false, rotation, container);
    }

    /**
     * Tagged with a display matrix that turns the picture {@code degrees} counter-clockwise for
     * display, the stored pixels unchanged; a transcoder that honours the tag shows 90 and -90 as
     * {@code height x width}. The convention of ffmpeg's {@code -display_rotation} and of
     * ffprobe's {@code rotation}: a phone recording upright portrait writes -90.
     */
    public VideoClip rotated(int degrees) {
        return new VideoClip(width, height, fps, duration, audio, degrees, container);
    }

    /** {@code mp4}, {@code mov} or {@code mkv}. */
    public VideoClip container(String extension) {
        return new VideoClip(width, height, fps, duration, audio, rotation, extension);
    }

    /** A file name that says what the clip is, so a directory of clips doubles as a cache. */
    String fileName() {
        return "video-" + width + "x" + height + "-" + fps + "fps-" + duration.toMillis() + "ms"
                + (audio ? "-aac" : "-silent") + (rotation == 0 ? "" : "-rot" + rotation) + "." + container;
    }
}
