package io.reelport.common.jobs;

/**
 * One output the worker produced for a version, as listed in {@code manifest.json} and in the
 * success event.
 *
 * @param name      e.g. {@code 720p}, {@code audio}, {@code poster}, {@code mp4}
 * @param kind      what it is
 * @param path      relative to the version's preview prefix, e.g. {@code hls/720p/index.m3u8}
 * @param bandwidth peak bits per second as in the HLS master playlist; null for files
 * @param codecs    RFC 6381 codecs string, e.g. {@code avc1.64001f,mp4a.40.2}; null for images
 */
public record Rendition(
        String name,
        Kind kind,
        String path,
        Integer width,
        Integer height,
        Integer bandwidth,
        String codecs,
        Long bytes,
        Double durationSeconds) {

    public enum Kind {
        HLS_MASTER, HLS_VIDEO, HLS_AUDIO, MP4, POSTER, THUMBNAILS_VTT, THUMBNAIL_SPRITE, WAVEFORM, IMAGE
    }
}
