package io.reelport.common.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/**
 * What a worker reports on {@code reelport:events}. Every event carries the job, the attempt and
 * a sequence number so that the backend can apply them idempotently and in order: within a job,
 * an event whose {@code (attempt, sequence)} is not greater than the last applied one changes
 * nothing. Workers take the sequence from a per-process clock that never goes backwards (epoch
 * microseconds, bumped on ties), so events of a worker that reclaimed a job order after those of
 * the worker that died.
 */
public sealed interface JobEvent {

    int VERSION = 1;

    Header header();

    Map<String, String> toFields();

    /** Fields every event has. */
    record Header(UUID jobId, UUID assetId, UUID versionId, int attempt, long sequence, Instant emittedAt,
                  String worker) {
        public Header {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(assetId, "assetId");
            Objects.requireNonNull(versionId, "versionId");
            Objects.requireNonNull(emittedAt, "emittedAt");
            Objects.requireNonNull(worker, "worker");
        }

        public static Header of(JobMessage job, long sequence, Instant emittedAt, String worker) {
            return new Header(job.jobId(), job.assetId(), job.versionId(), job.attempt(), sequence, emittedAt, worker);
        }
    }

    record Started(Header header) implements JobEvent {
        public Map<String, String> toFields() {
            return write(header, "started").toMap();
        }
    }

    /** @param stage what the worker is doing, e.g. {@code ingest}, {@code transcode}, {@code upload} */
    record Progress(Header header, int percent, String stage) implements JobEvent {
        public Progress {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent must be 0..100");
            }
        }

        public Map<String, String> toFields() {
            return write(header, "progress").put("percent", percent).put("stage", stage).toMap();
        }
    }

    record Succeeded(Header header, String sha256, long bytes, ProbeMetadata probe, List<Rendition> renditions,
                     String manifestKey) implements JobEvent {
        public Succeeded {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(probe, "probe");
            renditions = List.copyOf(renditions);
            Objects.requireNonNull(manifestKey, "manifestKey");
        }

        public Map<String, String> toFields() {
            return write(header, "succeeded")
                    .put("sha256", sha256)
                    .put("bytes", bytes)
                    .putJson("probe", probe)
                    .putJson("renditions", renditions)
                    .put("manifestKey", manifestKey)
                    .toMap();
        }
    }

    /**
     * Sent once the job has stopped for good: a non-retryable failure, or retries exhausted (the
     * job then sits in the dead-letter stream).
     *
     * @param code      stable, e.g. {@code CHECKSUM_MISMATCH}, {@code UNSUPPORTED_MEDIA}, {@code STORAGE_UNAVAILABLE}
     * @param retryable whether retrying later could succeed (an operator may retry it)
     */
    record Failed(Header header, String code, String message, boolean retryable) implements JobEvent {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        public Map<String, String> toFields() {
            return write(header, "failed")
                    .put("code", code)
                    .put("message", message)
                    .put("retryable", retryable)
                    .toMap();
        }
    }

    /** @throws MessageFormatException (or its {@link UnsupportedMessageVersionException}) for a bad entry */
    static JobEvent fromFields(Map<String, String> fields) {
        StreamFields in = StreamFields.reader("job event", fields, VERSION);
        try {
            Header header = new Header(in.uuid("jobId"), in.uuid("assetId"), in.uuid("versionId"),
                    in.integer("attempt"), in.longValue("sequence"), in.instant("emittedAt"), in.required("worker"));
            String event = in.required("event");
            return switch (event) {
                case "started" -> new Started(header);
                case "progress" -> new Progress(header, in.integer("percent"), in.optional("stage"));
                case "succeeded" -> new Succeeded(header, in.required("sha256"), in.longValue("bytes"),
                        in.json("probe", ProbeMetadata.class),
                        in.json("renditions", new TypeReference<List<Rendition>>() { }),
                        in.required("manifestKey"));
                case "failed" -> new Failed(header, in.required("code"), in.required("message"), in.bool("retryable"));
                default -> throw new MessageFormatException("job event has unknown type '" + event
                        + "'; known: started, progress, succeeded, failed");
            };
        } catch (IllegalArgumentException | NullPointerException invalid) {
            throw new MessageFormatException("job event is invalid: " + invalid.getMessage(), invalid);
        }
    }

    private static StreamFields write(Header header, String event) {
        return StreamFields.writer(VERSION)
                .put("event", event)
                .put("jobId", header.jobId())
                .put("assetId", header.assetId())
                .put("versionId", header.versionId())
                .put("attempt", header.attempt())
                .put("sequence", header.sequence())
                .put("emittedAt", header.emittedAt())
                .put("worker", header.worker());
    }
}
