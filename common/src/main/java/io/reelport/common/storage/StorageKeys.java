package io.reelport.common.storage;

import java.util.Locale;
import java.util.UUID;

/**
 * Object keys, the same in every service:
 * {@code staging/{assetId}/{uploadId}/{safe-filename}},
 * {@code masters/{assetId}/{versionId}/source.{ext}},
 * {@code previews/{assetId}/{versionId}/{relative path}}.
 *
 * <p>Every key carries its prefix even when the three logical buckets are separate buckets, so an
 * operator can also point all three at one bucket and keep lifecycle rules per prefix.
 */
public final class StorageKeys {

    public static final String STAGING = "staging/";
    public static final String MASTERS = "masters/";
    public static final String PREVIEWS = "previews/";
    /** Written last by the worker: its presence means the preview set is complete. */
    public static final String MANIFEST = "manifest.json";

    private StorageKeys() {
    }

    /** {@code filename} must already be a {@link SafeFilename}. */
    public static String staging(UUID assetId, UUID uploadId, SafeFilename filename) {
        return STAGING + assetId + "/" + uploadId + "/" + filename.value();
    }

    /** The master keeps the upload's extension (lower case) so tools can guess its type. */
    public static String master(UUID assetId, UUID versionId, String extension) {
        String ext = extension == null || extension.isBlank()
                ? "bin"
                : extension.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return MASTERS + assetId + "/" + versionId + "/source." + (ext.isEmpty() ? "bin" : ext);
    }

    /** The prefix under which one version's previews live, ending with a slash. */
    public static String previewPrefix(UUID assetId, UUID versionId) {
        return PREVIEWS + assetId + "/" + versionId + "/";
    }

    /** A preview file, {@code relativePath} as written by the worker (e.g. {@code hls/720p/index.m3u8}). */
    public static String preview(UUID assetId, UUID versionId, String relativePath) {
        if (relativePath.isEmpty() || relativePath.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("preview path must be a relative path with forward slashes");
        }
        for (String segment : relativePath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("preview path must stay under its prefix: " + relativePath);
            }
        }
        return previewPrefix(assetId, versionId) + relativePath;
    }

    public static String manifest(UUID assetId, UUID versionId) {
        return preview(assetId, versionId, MANIFEST);
    }

    /**
     * The playback grant prefix for a version: the part of a preview key after {@code previews/},
     * i.e. what follows the token in an edge URL.
     */
    public static String playbackPrefix(UUID assetId, UUID versionId) {
        return assetId + "/" + versionId + "/";
    }
}
