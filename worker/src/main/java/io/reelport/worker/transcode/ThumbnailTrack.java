package io.reelport.worker.transcode;

import java.util.Locale;

/**
 * The WebVTT track that players (hls.js plugins, Video.js, Shaka, JW) use for scrubbing
 * previews: one cue per thumbnail, each pointing into a sprite sheet with a media fragment
 * {@code #xywh=x,y,w,h}. Thumbnail {@code k} shows the picture at {@code k * interval} and covers
 * the interval after it; sheets hold {@code columns x rows} thumbnails, filled row by row.
 */
public record ThumbnailTrack(int count, double intervalSeconds, double durationSeconds, int width, int height,
                             int columns, int rows) {

    public ThumbnailTrack {
        if (count < 1 || columns < 1 || rows < 1 || width < 1 || height < 1 || intervalSeconds <= 0) {
            throw new IllegalArgumentException("a thumbnail track needs at least one thumbnail of positive size");
        }
    }

    public static String spriteName(int sheet) {
        return String.format(Locale.ROOT, "sprite_%03d.jpg", sheet);
    }

    public int sheets() {
        int perSheet = columns * rows;
        return (count + perSheet - 1) / perSheet;
    }

    /** The track, with sprite URIs relative to the track's own location ({@code thumbs/}). */
    public String toWebVtt() {
        StringBuilder vtt = new StringBuilder("WEBVTT\n");
        int perSheet = columns * rows;
        for (int k = 0; k < count; k++) {
            double start = k * intervalSeconds;
            if (start >= durationSeconds && k > 0) {
                break;
            }
            double end = Math.min((k + 1) * intervalSeconds, Math.max(durationSeconds, start + 0.001));
            int onSheet = k % perSheet;
            int x = (onSheet % columns) * width;
            int y = (onSheet / columns) * height;
            vtt.append('\n').append(timestamp(start)).append(" --> ").append(timestamp(end)).append('\n')
                    .append(spriteName(k / perSheet)).append("#xywh=").append(x).append(',').append(y).append(',')
                    .append(width).append(',').append(height).append('\n');
        }
        return vtt.toString();
    }

    static String timestamp(double seconds) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", millis / 3_600_000, (millis / 60_000) % 60,
                (millis / 1000) % 60, millis % 1000);
    }
}
