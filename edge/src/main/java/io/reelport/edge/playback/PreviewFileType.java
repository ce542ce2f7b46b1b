package io.reelport.edge.playback;

import java.util.Locale;

/**
 * What a preview file is, from its extension: its content type and how long players and CDNs may
 * keep it. Segments, images and MP4s never change under their key; playlists and text tracks are
 * kept briefly so that a fix to one reaches players soon.
 */
enum PreviewFileType {

    PLAYLIST("application/vnd.apple.mpegurl", false),
    FMP4_SEGMENT("video/iso.segment", true),
    MP4("video/mp4", true),
    TS_SEGMENT("video/mp2t", true),
    JPEG("image/jpeg", true),
    WEBVTT("text/vtt; charset=utf-8", false),
    JSON("application/json", false),
    OTHER("application/octet-stream", false);

    private final String contentType;
    private final boolean immutable;

    PreviewFileType(String contentType, boolean immutable) {
        this.contentType = contentType;
        this.immutable = immutable;
    }

    static PreviewFileType of(String path) {
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        String extension = dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        return switch (extension) {
            case "m3u8" -> PLAYLIST;
            case "m4s" -> FMP4_SEGMENT;
            case "mp4", "m4v", "m4a" -> MP4;
            case "ts" -> TS_SEGMENT;
            case "jpg", "jpeg" -> JPEG;
            case "vtt" -> WEBVTT;
            case "json" -> JSON;
            default -> OTHER;
        };
    }

    String contentType() {
        return contentType;
    }

    boolean immutable() {
        return immutable;
    }
}
