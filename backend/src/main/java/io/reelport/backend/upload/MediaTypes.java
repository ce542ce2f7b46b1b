package io.reelport.backend.upload;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which content types an upload may declare, and which filename extensions go with each: a
 * {@code video/mp4} named {@code notes.exe} is refused, because players, ffprobe and people all
 * guess from the extension and would disagree with the declared type.
 */
final class MediaTypes {

    static final Set<String> KINDS = Set.of("video", "audio", "image");

    private static final Map<String, List<String>> EXTENSIONS = Map.ofEntries(
            Map.entry("video/mp4", List.of("mp4", "m4v")),
            Map.entry("video/quicktime", List.of("mov", "qt")),
            Map.entry("video/x-matroska", List.of("mkv")),
            Map.entry("video/webm", List.of("webm")),
            Map.entry("video/x-msvideo", List.of("avi")),
            Map.entry("video/x-m4v", List.of("m4v")),
            Map.entry("video/mpeg", List.of("mpg", "mpeg")),
            Map.entry("video/mp2t", List.of("ts", "m2ts", "mts")),
            Map.entry("video/3gpp", List.of("3gp")),
            Map.entry("video/ogg", List.of("ogv")),
            Map.entry("audio/mpeg", List.of("mp3")),
            Map.entry("audio/mp4", List.of("m4a", "mp4")),
            Map.entry("audio/x-m4a", List.of("m4a")),
            Map.entry("audio/aac", List.of("aac")),
            Map.entry("audio/wav", List.of("wav")),
            Map.entry("audio/x-wav", List.of("wav")),
            Map.entry("audio/flac", List.of("flac")),
            Map.entry("audio/ogg", List.of("ogg", "oga", "opus")),
            Map.entry("audio/opus", List.of("opus")),
            Map.entry("audio/webm", List.of("webm")),
            Map.entry("image/jpeg", List.of("jpg", "jpeg")),
            Map.entry("image/png", List.of("png")),
            Map.entry("image/webp", List.of("webp")),
            Map.entry("image/gif", List.of("gif")),
            Map.entry("image/heic", List.of("heic")),
            Map.entry("image/tiff", List.of("tif", "tiff")));

    private MediaTypes() {
    }

    /** The content type without parameters, lower case; {@code null} for blank input. */
    static String normalise(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    static boolean known(String contentType) {
        return EXTENSIONS.containsKey(contentType);
    }

    static String kind(String contentType) {
        return contentType.substring(0, contentType.indexOf('/'));
    }

    static List<String> extensionsOf(String contentType) {
        return EXTENSIONS.getOrDefault(contentType, List.of());
    }
}
