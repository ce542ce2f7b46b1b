package io.reelport.worker.ingest;

import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.JobType;
import io.reelport.common.storage.StorageProperties;
import io.reelport.worker.job.JobControl;
import io.reelport.worker.job.JobFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Ingest: the staging upload is streamed to local disk while it is hashed, the hash is compared
 * with the one the client declared, and only then is the upload copied into masters, server-side
 * (a multipart copy above 5 GiB, the limit of a single copy), with Object Lock retention when
 * configured. A mismatch writes nothing to masters: the same bytes would fail the same way, so it
 * is not retried.
 *
 * <p>A reprocess job ({@link JobType#TRANSCODE}) reads the master instead. A redelivered ingest
 * whose staging upload has already expired also reads the master, when an earlier attempt copied it.
 */
public final class IngestingUpload {

    /** The outputs of a transcode take at most about this many times the source, plus the source itself. */
    static final int SPACE_FACTOR = 3;

    private final S3Client s3;
    private final StorageProperties.Buckets buckets;
    private final MastersRetention retention;
    private final DataSize multipartThreshold;
    private final DataSize partSize;
    private final DataSize minFreeSpace;

    public IngestingUpload(S3Client s3, StorageProperties.Buckets buckets, MastersRetention retention,
                           DataSize multipartThreshold, DataSize partSize, DataSize minFreeSpace) {
        this.s3 = s3;
        this.buckets = buckets;
        this.retention = retention;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        this.minFreeSpace = minFreeSpace;
    }

    /**
     * Refuses a job the temporary disk cannot hold (retryable: another worker, or this one later,
     * may have the room).
     */
    public void checkFreeSpace(JobMessage job, Path workDirectory) {
        try {
            long usable = Files.getFileStore(workDirectory).getUsableSpace();
            long needed = Math.max(0, job.sourceBytes()) * SPACE_FACTOR + minFreeSpace.toBytes();
            if (usable < needed) {
                throw JobFailure.retryable(JobFailure.INSUFFICIENT_TEMP_SPACE, "the worker has " + mib(usable)
                        + " MiB of temporary space, the job needs " + mib(needed) + " MiB", null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read free space of " + workDirectory, e);
        }
    }

    /** Downloads the job's source into {@code directory}, hashing it, and checks the declared hash. */
    public Source fetch(JobMessage job, Path directory, JobControl control) {
        Path file = directory.resolve("source" + extension(job.masterKey()));
        Source source;
        if (job.type() == JobType.INGEST_AND_TRANSCODE) {
            Optional<Source> staged = download(buckets.staging(), job.stagingKey(), file, job.sourceBytes(), true, control);
            if (staged.isPresent()) {
                source = staged.get();
            } else {
                source = download(buckets.masters(), job.masterKey(), file, job.sourceBytes(), false, control)
                        .orElseThrow(() -> JobFailure.permanent(JobFailure.SOURCE_MISSING,
                                "the upload " + job.stagingKey() + " is not in staging (expired or deleted)"));
            }
        } else {
            source = download(buckets.masters(), job.masterKey(), file, job.sourceBytes(), false, control)
                    .orElseThrow(() -> JobFailure.permanent(JobFailure.SOURCE_MISSING,
                            "the master " + job.masterKey() + " does not exist"));
        }
        if (job.expectedSha256() != null && !job.expectedSha256().equals(source.sha256())) {
            throw JobFailure.permanent(JobFailure.CHECKSUM_MISMATCH, "the upload's SHA-256 is " + source.sha256()
                    + " but " + job.expectedSha256() + " was declared; nothing was copied to masters");
        }
        if (source.bytes() == 0) {
            throw JobFailure.permanent(JobFailure.EMPTY_SOURCE, "the upload is empty (0 bytes)");
        }
        return source;
    }

    /** Copies a verified staging upload into masters; a source read from masters is already there. */
    public void copyToMasters(JobMessage job, Source source) {
        if (!source.fromStaging()) {
            return;
        }
        Map<String, String> metadata = Map.of("sha256", source.sha256(), "job-id", job.jobId().toString());
        Optional<MastersRetention.Lock> lock = retention.lockForNewMaster();
        if (source.bytes() <= multipartThreshold.toBytes()) {
            s3.copyObject(copy -> {
                copy.sourceBucket(buckets.staging()).sourceKey(job.stagingKey())
                        .destinationBucket(buckets.masters()).destinationKey(job.masterKey())
                        .metadataDirective(MetadataDirective.REPLACE).metadata(metadata)
                        .contentType(contentType(job.masterKey()));
                lock.ifPresent(l -> copy.objectLockMode(l.mode()).objectLockRetainUntilDate(l.retainUntil()));
            });
            return;
        }
        String uploadId = s3.createMultipartUpload(create -> {
            create.bucket(buckets.masters()).key(job.masterKey()).metadata(metadata).contentType(contentType(job.masterKey()));
            lock.ifPresent(l -> create.objectLockMode(l.mode()).objectLockRetainUntilDate(l.retainUntil()));
        }).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long part = Math.max(5L * 1024 * 1024, partSize.toBytes());
            int number = 1;
            for (long start = 0; start < source.bytes(); start += part, number++) {
                long end = Math.min(source.bytes(), start + part) - 1;
                int partNumber = number;
                String range = "bytes=" + start + "-" + end;
                String etag = s3.uploadPartCopy(copy -> copy.sourceBucket(buckets.staging()).sourceKey(job.stagingKey())
                        .destinationBucket(buckets.masters()).destinationKey(job.masterKey())
                        .uploadId(uploadId).partNumber(partNumber).copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(complete -> complete.bucket(buckets.masters()).key(job.masterKey()).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (RuntimeException failed) {
            try {
                s3.abortMultipartUpload(abort -> abort.bucket(buckets.masters()).key(job.masterKey()).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                failed.addSuppressed(abortFailed);
            }
            throw failed;
        }
    }

    private Optional<Source> download(String bucket, String key, Path file, long expectedBytes, boolean fromStaging,
                                      JobControl control) {
        MessageDigest sha256 = sha256();
        long bytes = 0;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get -> get.bucket(bucket).key(key));
             OutputStream out = Files.newOutputStream(file)) {
            long total = in.response().contentLength() == null ? expectedBytes : in.response().contentLength();
            byte[] buffer = new byte[256 * 1024];
            int read;
            while ((read = read(in, buffer)) > 0) {
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
                bytes += read;
                if (total > 0) {
                    control.progress(JobControl.Stage.INGEST, (double) bytes / total);
                }
                control.checkNotAbandoned();
            }
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception notFound) {
            if (notFound.statusCode() == 404) {
                return Optional.empty();
            }
            throw notFound;
        } catch (IOException e) {
            throw JobFailure.retryable(JobFailure.STORAGE_UNAVAILABLE, "reading " + key + " failed: " + e.getMessage(), e);
        }
        return Optional.of(new Source(file, HexFormat.of().formatHex(sha256.digest()), bytes, fromStaging));
    }

    private static int read(InputStream in, byte[] buffer) throws IOException {
        return in.read(buffer);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** {@code .mp4} of {@code masters/a/v/source.mp4}: ffmpeg and ffprobe pick demuxers partly by it. */
    static String extension(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot).toLowerCase(java.util.Locale.ROOT);
        return ext.matches("\\.[a-z0-9]{1,8}") ? ext : ".bin";
    }

    private static String contentType(String key) {
        return switch (extension(key)) {
            case ".mp4", ".m4v" -> "video/mp4";
            case ".mov" -> "video/quicktime";
            case ".mkv" -> "video/x-matroska";
            case ".webm" -> "video/webm";
            case ".m4a" -> "audio/mp4";
            case ".mp3" -> "audio/mpeg";
            case ".wav" -> "audio/wav";
            case ".jpg", ".jpeg" -> "image/jpeg";
            case ".png" -> "image/png";
            default -> "application/octet-stream";
        };
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
