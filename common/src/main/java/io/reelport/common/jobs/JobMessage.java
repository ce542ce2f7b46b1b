package io.reelport.common.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A job on {@code reelport:jobs}, written by the backend's outbox relay and read by the workers.
 *
 * @param attempt        1 for the first delivery of this job; the worker re-enqueues with
 *                       {@code attempt + 1} after a retryable failure
 * @param stagingKey     the upload to ingest; null for {@link JobType#TRANSCODE}
 * @param expectedSha256 lower-case hex SHA-256 the client declared, or null when it declared none
 * @param sourceBytes    size of the source, so a worker can refuse a job it has no disk space for
 * @param profile        the ladder profile to transcode with ({@code default} unless configured)
 * @param traceParent    W3C {@code traceparent} of the request that caused the job, or null
 * @param correlationId  the request id that follows the job through logs, or null
 */
public record JobMessage(
        UUID jobId,
        JobType type,
        UUID assetId,
        UUID versionId,
        int attempt,
        String stagingKey,
        String masterKey,
        String previewPrefix,
        String expectedSha256,
        long sourceBytes,
        String profile,
        String traceParent,
        String correlationId,
        Instant enqueuedAt) {

    public static final int VERSION = 1;
    private static final String KIND = "job message";

    public JobMessage {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(previewPrefix, "previewPrefix");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        if (type == JobType.INGEST_AND_TRANSCODE && stagingKey == null) {
            throw new IllegalArgumentException("an ingest job needs a staging key");
        }
        if (expectedSha256 != null && !expectedSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("expectedSha256 must be 64 lower-case hex digits");
        }
    }

    /** The same job, delivered again after a retryable failure. */
    public JobMessage nextAttempt(Instant now) {
        return new JobMessage(jobId, type, assetId, versionId, attempt + 1, stagingKey, masterKey, previewPrefix,
                expectedSha256, sourceBytes, profile, traceParent, correlationId, now);
    }

    public Map<String, String> toFields() {
        return StreamFields.writer(VERSION)
                .put("jobId", jobId)
                .put("type", type)
                .put("assetId", assetId)
                .put("versionId", versionId)
                .put("attempt", attempt)
                .put("stagingKey", stagingKey)
                .put("masterKey", masterKey)
                .put("previewPrefix", previewPrefix)
                .put("expectedSha256", expectedSha256)
                .put("sourceBytes", sourceBytes)
                .put("profile", profile)
                .put("traceParent", traceParent)
                .put("correlationId", correlationId)
                .put("enqueuedAt", enqueuedAt)
                .toMap();
    }

    /** @throws MessageFormatException (or its {@link UnsupportedMessageVersionException}) for a bad entry */
    public static JobMessage fromFields(Map<String, String> fields) {
        StreamFields in = StreamFields.reader(KIND, fields, VERSION);
        try {
            return new JobMessage(
                    in.uuid("jobId"),
                    in.enumValue("type", JobType.class),
                    in.uuid("assetId"),
                    in.uuid("versionId"),
                    in.integer("attempt"),
                    in.optional("stagingKey"),
                    in.required("masterKey"),
                    in.required("previewPrefix"),
                    in.optional("expectedSha256"),
                    in.longValue("sourceBytes"),
                    in.required("profile"),
                    in.optional("traceParent"),
                    in.optional("correlationId"),
                    in.instant("enqueuedAt"));
        } catch (IllegalArgumentException invalid) {
            throw new MessageFormatException(KIND + " is invalid: " + invalid.getMessage(), invalid);
        }
    }
}
