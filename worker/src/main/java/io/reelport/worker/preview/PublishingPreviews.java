package io.reelport.worker.preview;

import io.reelport.common.jobs.JobMessage;
import io.reelport.common.storage.StorageKeys;
import io.reelport.worker.job.JobAbandonedException;
import io.reelport.worker.job.JobControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
 * new set are deleted (so sets are never mixed), and {@code manifest.json} goes last. When the
 * version has no complete set yet, finished segments are uploaded while ffmpeg still encodes the
 * rest ({@link Publication#upload}); a file that changed after its early upload is uploaded again.
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

    /**
     * Starts publishing the set that is being written into {@code directory}.
     *
     * @param early whether files may be uploaded before the set is complete ({@link Publication#upload}):
     *              only when the version has no complete set to keep, because the old
     *              {@code manifest.json} is deleted at once and overwritten objects would no longer
     *              match it
     */
    public Publication start(JobMessage job, Path directory, boolean early, JobControl control) {
        Publication publication = new Publication(job, directory, early, control);
        if (early) {
            publication.removeManifest();
        }
        return publication;
    }

    /**
     * One version's set on its way to storage: files finished early are uploaded as they come
     * (while ffmpeg is still writing the others), the rest when {@link #finish} is called.
     * Closing it cancels the uploads still running (a failed or abandoned job).
     */
    public final class Publication implements AutoCloseable {

        private final JobMessage job;
        private final Path directory;
        private final boolean early;
        private final JobControl control;
        private final String manifestKey;
        /** What was uploaded early, with the size and modification time it had then. */
        private final Map<String, Uploaded> uploaded = new ConcurrentHashMap<>();

        private record Uploaded(long bytes, FileTime modified, Future<?> upload) {
        }

        private Publication(JobMessage job, Path directory, boolean early, JobControl control) {
            this.job = job;
            this.directory = directory;
            this.early = early;
            this.control = control;
            this.manifestKey = StorageKeys.manifest(job.assetId(), job.versionId());
        }

        private void removeManifest() {
            s3.deleteObject(delete -> delete.bucket(bucket).key(manifestKey));
        }

        /** Uploads {@code path} (under the directory) now, if early uploads are allowed; it must not change any more. */
        public void upload(String path) {
            if (!early) {
                return;
            }
            Path file = directory.resolve(path);
            try {
                long bytes = Files.size(file);
                FileTime modified = Files.getLastModifiedTime(file);
                uploaded.put(path, new Uploaded(bytes, modified, uploads.submit(() -> put(path, file))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        /**
         * Uploads every file not uploaded yet (or changed since), deletes objects under the prefix
         * that are not in the set, and writes the manifest built by {@code manifest} last.
         */
        public PreviewManifest finish(Function<List<PreviewManifest.File>, PreviewManifest> manifest) {
            if (!early) {
                removeManifest();
            }
            List<String> paths = files(directory);
            List<PreviewManifest.File> files = new ArrayList<>();
            List<Future<?>> pending = new ArrayList<>();
            List<String> remaining = new ArrayList<>();
            for (String path : paths) {
                Path file = directory.resolve(path);
                long bytes = size(file);
                files.add(new PreviewManifest.File(path, bytes, contentType(path)));
                Uploaded before = uploaded.get(path);
                if (before != null && before.bytes() == bytes && before.modified().equals(modified(file))) {
                    pending.add(before.upload());
                } else {
                    remaining.add(path);
                }
            }
            AtomicInteger done = new AtomicInteger(paths.size() - remaining.size());
            for (String path : remaining) {
                Uploaded stale = uploaded.get(path);
                pending.add(uploads.submit(() -> {
                    if (stale != null) {
                        // the early upload must not land after this one
                        awaitQuietly(stale.upload());
                    }
                    put(path, directory.resolve(path));
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

        private void put(String path, Path file) {
            control.checkNotAbandoned();
            String key = StorageKeys.preview(job.assetId(), job.versionId(), path);
            s3.putObject(put -> put.bucket(bucket).key(key).contentType(contentType(path)).cacheControl(cacheControl(path)),
                    RequestBody.fromFile(file));
        }

        /** Cancels early uploads still running: the job failed or was abandoned before {@link #finish}. */
        @Override
        public void close() {
            uploaded.values().forEach(upload -> upload.upload().cancel(true));
        }
    }

    private static void awaitQuietly(Future<?> upload) {
        try {
            upload.get();
        } catch (ExecutionException | CancellationException replaced) {
            // the upload that follows replaces it
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JobAbandonedException();
        }
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
                throw new JobAbandonedException();
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

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
