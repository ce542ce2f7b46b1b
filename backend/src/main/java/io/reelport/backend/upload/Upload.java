package io.reelport.backend.upload;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code uploads}: an object the client puts into staging with presigned URLs. */
public record Upload(
        UUID id,
        UUID assetId,
        UUID ownerId,
        String filename,
        String contentType,
        long sizeBytes,
        String sha256,
        String stagingKey,
        String multipartUploadId,
        Long partSize,
        Integer partCount,
        UploadStatus status,
        Instant createdAt,
        Instant expiresAt,
        Instant completedAt) {

    public boolean multipart() {
        return multipartUploadId != null;
    }
}
