package io.reelport.testsupport.media;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What ffprobe says about a file, reduced to what tests assert on.
 *
 * @param formatName ffprobe's {@code format_name}, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2} or {@code hls}
 * @param duration   the container's duration, zero when it has none (a still image)
 */
public record ProbeResult(String formatName, Duration duration, long sizeBytes, List<Stream> streams) {

    /** The first video stream (for a still image, its one picture). */
    public Optional<Stream> video() {
        return streams.stream().filter(stream -> "video".equals(stream.codecType())).findFirst();
    }

    public Optional<Stream> audio() {
        return streams.stream().filter(stream -> "audio".equals(stream.codecType())).findFirst();
    }

    /**
     * One stream.
     *
     * @param codecType  {@code video}, {@code audio}, {@code subtitle}, {@code data}
     * @param width      zero for streams without pictures
     * @param frameRate  frames per second ({@code avg_frame_rate}), zero when unknown
     * @param rotation   the display matrix rotation in degrees as ffprobe reports it (counter-clockwise;
     *                   phones recording upright write {@code -90}), zero when untagged
     */
    public record Stream(int index, String codecType, String codecName, int width, int height, double frameRate, int rotation,
                         String pixelFormat, int sampleRate, int channels) {
    }
}
