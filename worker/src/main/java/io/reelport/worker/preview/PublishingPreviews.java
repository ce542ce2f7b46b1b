package io.reelport.worker.preview;

import io.reelport.common.jobs.JobMessage;
import io.reelport.common.storage.StorageKeys;
import io.reelport.worker.job.JobControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads a version's preview set. Order matters for readers: an old {@code manifest.json} is
 * removed first (the set is being rewritten and no longer complete), every file is uploaded
 * (overwriting any left by a crashed attempt), objects under the prefix that are not part of the
 * new set are deleted (so sets are never mixed), and {@code manifest.json} goes last.
 */
public final class PublishingPreviews {

    /** Segments, init segments, images and the MP4 change only when a version is reprocessed. */
    static final String MEDIA_CACHE = "public, max-age=86400";
    /** Playlists and the thumbnails track are small and name the media: a short cache picks up a reprocess soon. */
    static final String INDEX_CACHE = "public, max-age=60";
    static final String MANIFEST_CACHE = "no-cache";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final S3Client s3;
    private final String bucket;
    private final ExecutorService uploads;

    public PublishingPreviews(S3Client s3, String bucket, ExecutorService uploads) {
        this.s3 = s3;
        this.bucket = bucket;
        this.uploads = uploads;
    }

    /** The manifest of the version's complete set, if there is one and it can be read. */
    public Optional<PreviewManifest> completed(JobMessage job) {
        String key = StorageKeys.manifest(job.assetId(), job.versionId());
        try {
            byte[] bytes = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray();
            return Optional.of(JSON.readValue(bytes, PreviewManifest.class));
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception notFound) {
            if (notFound.statusCode() == 404) {
                return Optional.empty();
            }
            throw notFound;
        } catch (JacksonException unreadable) {
            // Not ours or from an incompatible version: rewrite the set.
            return Optional.empty();
        }
    }

    /** Every regular file under {@code directory}, as preview paths with forward slashes, sorted. */
    public static List<String> files(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .map(file -> directory.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** Uploads everything in {@code directory} and then the manifest built by {@code manifest}. */
    public PreviewManifest publish(JobMessage job, Path directory, java.util.function.Function<List<PreviewManifest.File>,
            PreviewManifest> manifest, JobControl control) {
        String manifestKey = StorageKeys.manifest(job.assetId(), job.versionId());
        s3.deleteObject(delete -> delete.bucket(bucket).key(manifestKey));

        List<String> paths = files(directory);
        List<PreviewManifest.File> files = new ArrayList<>();
        List<Future<?>> pending = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (String path : paths) {
            Path file = directory.resolve(path);
            String key = StorageKeys.preview(job.assetId(), job.versionId(), path);
            String type = contentType(path);
            files.add(new PreviewManifest.File(path, size(file), type));
            pending.add(uploads.submit(() -> {
                control.checkNotAbandoned();
                s3.putObject(put -> put.bucket(bucket).key(key).contentType(type).cacheControl(cacheControl(path)),
                        RequestBody.fromFile(file));
                control.progress(JobControl.Stage.UPLOAD, (double) done.incrementAndGet() / paths.size());
            }));
        }
        awaitAll(pending);
        control.checkNotAbandoned();

        Set<String> keep = new HashSet<>();
        for (String path : paths) {
            keep.add(StorageKeys.preview(job.assetId(), job.versionId(), path));
        }
        keep.add(manifestKey);
        String prefix = StorageKeys.previewPrefix(job.assetId(), job.versionId());
        for (var page : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix))) {
            for (S3Object object : page.contents()) {
                if (!keep.contains(object.key())) {
                    s3.deleteObject(delete -> delete.bucket(bucket).key(object.key()));
                }
            }
        }

        PreviewManifest written = manifest.apply(List.copyOf(files));
        byte[] json = JSON.writeValueAsBytes(written);
        control.checkNotAbandoned();
        s3.putObject(put -> put.bucket(bucket).key(manifestKey).contentType("application/json").cacheControl(MANIFEST_CACHE),
                RequestBody.fromBytes(json));
        return written;
    }

    private static void awaitAll(List<Future<?>> pending) {
        RuntimeException first = null;
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (ExecutionException failed) {
                if (first == null) {
                    first = failed.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(failed.getCause());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                pending.forEach(future1 -> future1.cancel(true));
                throw new io.reelport.worker.job.JobAbandonedException();
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static String contentType(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        if (name.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        } else if (name.endsWith(".m4s")) {
            return "video/iso.segment";
        } else if (name.endsWith(".mp4")) {
            return "video/mp4";
        } else if (name.endsWith(".jpg")) {
            return "image/jpeg";
        } else if (name.endsWith(".png")) {
            return "image/png";
        } else if (name.endsWith(".vtt")) {
            return "text/vtt; charset=utf-8";
        } else if (name.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }

    static String cacheControl(String path) {
        return path.endsWith(".m3u8") || path.endsWith(".vtt") || path.endsWith(".json") ? INDEX_CACHE : MEDIA_CACHE;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
