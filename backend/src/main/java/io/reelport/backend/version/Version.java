package io.reelport.backend.version;

import io.reelport.common.jobs.ProbeMetadata;
import io.reelport.common.jobs.Rendition;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code versions}: an immutable master of an asset and what the worker made of it. */
public record Version(
        UUID id,
        UUID assetId,
        int number,
        UUID uploadId,
        VersionStatus status,
        int progress,
        String progressStage,
        String failureCode,
        String failureMessage,
        String declaredSha256,
        String sha256,
        Long sizeBytes,
        String filename,
        String contentType,
        String masterKey,
        String previewPrefix,
        ProbeMetadata probe,
        List<Rendition> renditions,
        Instant createdAt,
        Instant updatedAt,
        Instant readyAt) {
}
