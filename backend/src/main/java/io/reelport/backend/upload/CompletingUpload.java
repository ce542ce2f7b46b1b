package io.reelport.backend.upload;

import io.reelport.backend.asset.Assets;
import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.common.storage.StorageProperties;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The client says its bytes are in staging; the backend checks that they are, with the declared
 * size, before the upload can be promoted. A refusal changes nothing: the client can upload again
 * with the same URLs and call complete again.
 */
@Service
public class CompletingUpload {

    private final Assets assets;
    private final Uploads uploads;
    private final S3Client s3;
    private final StorageProperties storage;
    private final Clock clock;
    private final AuditTrail audit;

    CompletingUpload(Assets assets, Uploads uploads, S3Client s3, StorageProperties storage, Clock clock,
                     AuditTrail audit) {
        this.assets = assets;
        this.audit = audit;
        this.uploads = uploads;
        this.s3 = s3;
        this.storage = storage;
        this.clock = clock;
    }

    /** A part the client uploaded, with the ETag S3 answered its PUT with. */
    public record PartETag(Integer partNumber, String etag) {
    }

    @Transactional
    public Upload complete(Caller caller, UUID assetId, UUID uploadId, List<PartETag> parts) {
        assets.shareManageable(assetId, caller);
        Upload upload = uploads.lock(assetId, uploadId).orElseThrow(() -> ApiProblem.noSuch("upload", uploadId));
        switch (upload.status()) {
            case COMPLETED, PROMOTED -> {
                return upload;
            }
            case ABORTED, EXPIRED -> throw ApiProblem.conflict("upload_" + upload.status().name().toLowerCase(java.util.Locale.ROOT),
                    "upload " + uploadId + " was " + upload.status().name().toLowerCase() + "; start a new upload");
            case PENDING -> { }
        }
        if (upload.multipart()) {
            completeMultipart(upload, parts);
        }
        checkStoredSize(upload);
        uploads.setStatus(upload.id(), UploadStatus.COMPLETED, clock.instant());
        audit.record(AuditEntry.by(caller, "upload.complete", AuditOutcome.SUCCESS).target("upload", upload.id()));
        return uploads.find(upload.id()).orElseThrow();
    }

    private void checkStoredSize(Upload upload) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(request -> request.bucket(storage.buckets().staging()).key(upload.stagingKey()));
        } catch (NoSuchKeyException missing) {
            throw missing(upload);
        } catch (S3Exception failed) {
            if (failed.statusCode() == 404) {
                throw missing(upload);
            }
            throw failed;
        }
        if (head.contentLength() != upload.sizeBytes()) {
            throw sizeMismatch(upload, head.contentLength());
        }
    }

    /**
     * Checks the parts S3 holds before completing: once completed, a multipart upload with the wrong
     * total cannot be fixed, while an incomplete one can still take the missing parts.
     */
    private void completeMultipart(Upload upload, List<PartETag> claimed) {
        if (claimed == null || claimed.isEmpty()) {
            throw ApiProblem.badRequest("upload_parts_required", "a multipart upload completes with the ETag of each of its "
                    + upload.partCount() + " parts: parts[{partNumber, etag}]");
        }
        for (PartETag part : claimed) {
            if (part.partNumber() == null || part.partNumber() < 1 || part.partNumber() > upload.partCount()
                    || part.etag() == null || part.etag().isBlank()) {
                throw ApiProblem.badRequest("upload_parts_invalid", "each part needs a partNumber from 1 to "
                        + upload.partCount() + " and the etag its upload returned");
            }
        }
        if (claimed.stream().map(PartETag::partNumber).distinct().count() != upload.partCount()) {
            throw ApiProblem.badRequest("upload_parts_invalid", "expected the ETags of all " + upload.partCount()
                    + " parts, each once; got " + claimed.size());
        }
        String bucket = storage.buckets().staging();
        List<Part> stored;
        try {
            stored = s3.listPartsPaginator(request -> request.bucket(bucket).key(upload.stagingKey())
                    .uploadId(upload.multipartUploadId())).parts().stream().toList();
        } catch (NoSuchUploadException gone) {
            throw ApiProblem.conflict("upload_aborted", "storage no longer has multipart upload " + upload.id());
        }
        long total = stored.stream().mapToLong(Part::size).sum();
        if (stored.size() != upload.partCount() || total != upload.sizeBytes()) {
            throw sizeMismatch(upload, total);
        }
        List<CompletedPart> completed = claimed.stream()
                .sorted(Comparator.comparing(PartETag::partNumber))
                .map(part -> CompletedPart.builder().partNumber(part.partNumber()).eTag(quoted(part.etag())).build())
                .toList();
        try {
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(upload.stagingKey())
                    .uploadId(upload.multipartUploadId())
                    .multipartUpload(multipart -> multipart.parts(completed)));
        } catch (S3Exception refused) {
            if (refused.statusCode() == 400) {
                throw ApiProblem.badRequest("upload_parts_invalid", "storage refused the part list: "
                        + refused.awsErrorDetails().errorCode() + "; send each part's ETag as its PUT returned it");
            }
            throw refused;
        }
    }

    private static String quoted(String etag) {
        String trimmed = etag.strip();
        return trimmed.startsWith("\"") ? trimmed : "\"" + trimmed + "\"";
    }

    private static ApiProblem missing(Upload upload) {
        return ApiProblem.conflict("upload_missing", "nothing has been uploaded for upload " + upload.id()
                + "; PUT the file to the presigned URL, then complete");
    }

    private static ApiProblem sizeMismatch(Upload upload, long found) {
        return new ApiProblem(HttpStatus.CONFLICT, "upload_size_mismatch", "storage holds " + found
                + " bytes for upload " + upload.id() + " but " + upload.sizeBytes() + " were declared");
    }
}
