package io.reelport.backend.version;

import io.reelport.backend.asset.Asset;
import io.reelport.backend.asset.AssetStatus;
import io.reelport.backend.asset.Assets;
import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.job.Jobs;
import io.reelport.backend.job.JobsProperties;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.upload.Upload;
import io.reelport.backend.upload.UploadStatus;
import io.reelport.backend.upload.Uploads;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.JobType;
import io.reelport.common.storage.SafeFilename;
import io.reelport.common.storage.StorageKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a completed upload into a new version of its asset and queues the job that ingests and
 * transcodes it. Version, job and outbox row are written in one transaction, so a job is never
 * lost and never queued for a version that does not exist, whether or not Redis is up. Promoting
 * the same upload again, or repeating a request with the same {@code Idempotency-Key}, answers
 * with the version already made.
 */
@Service
public class PromotingUpload {

    private static final Logger log = LoggerFactory.getLogger(PromotingUpload.class);

    private final Assets assets;
    private final Uploads uploads;
    private final Versions versions;
    private final Jobs jobs;
    private final JobsProperties jobsProperties;
    private final Clock clock;
    private final AuditTrail audit;

    PromotingUpload(Assets assets, Uploads uploads, Versions versions, Jobs jobs, JobsProperties jobsProperties,
                    Clock clock, AuditTrail audit) {
        this.assets = assets;
        this.audit = audit;
        this.uploads = uploads;
        this.versions = versions;
        this.jobs = jobs;
        this.jobsProperties = jobsProperties;
        this.clock = clock;
    }

    public record Request(UUID uploadId, String sha256, String idempotencyKey, String traceParent,
                          String correlationId) {
    }

    /** @param created false when an earlier request already made this version */
    public record Promotion(UUID assetId, UUID versionId, UUID jobId, VersionStatus status, boolean created) {
    }

    @Transactional
    public Promotion promote(Caller caller, UUID assetId, Request request) {
        Asset asset = assets.lockManageable(assetId, caller);
        if (request.uploadId() == null) {
            throw ApiProblem.badRequest("upload_id_required", "uploadId is required: the upload to promote");
        }
        String key = request.idempotencyKey() == null || request.idempotencyKey().isBlank() ? null
                : request.idempotencyKey().strip();
        if (key != null && key.length() > 200) {
            throw ApiProblem.badRequest("idempotency_key_invalid", "Idempotency-Key must be at most 200 characters");
        }
        if (key != null) {
            Optional<Version> earlier = versions.findByIdempotencyKey(assetId, key);
            if (earlier.isPresent()) {
                if (!request.uploadId().equals(earlier.get().uploadId())) {
                    throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                            "Idempotency-Key '" + key + "' was used for another upload");
                }
                return replay(earlier.get());
            }
        }
        Upload upload = uploads.lock(assetId, request.uploadId())
                .orElseThrow(() -> ApiProblem.noSuch("upload", request.uploadId()));
        Optional<Version> already = versions.findByUpload(upload.id());
        if (already.isPresent()) {
            return replay(already.get());
        }
        if (upload.status() != UploadStatus.COMPLETED) {
            throw ApiProblem.conflict("upload_not_completed", "upload " + upload.id() + " is "
                    + upload.status().name().toLowerCase(Locale.ROOT) + "; only a completed upload can be promoted");
        }
        String sha256 = declaredSha256(upload, request.sha256());

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID versionId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String masterKey = StorageKeys.master(assetId, versionId, SafeFilename.of(upload.filename()).extension());
        String previewPrefix = StorageKeys.previewPrefix(assetId, versionId);
        versions.insert(new Version(versionId, assetId, versions.nextNumber(assetId), upload.id(), VersionStatus.PROMOTING,
                0, null, null, null, sha256, null, upload.sizeBytes(), upload.filename(), upload.contentType(), masterKey,
                previewPrefix, null, List.of(), now, now, null), key);
        jobs.enqueue(new JobMessage(jobId, JobType.INGEST_AND_TRANSCODE, assetId, versionId, 1, upload.stagingKey(),
                masterKey, previewPrefix, sha256, upload.sizeBytes(), jobsProperties.profile(), request.traceParent(),
                request.correlationId(), now), now);
        uploads.setStatus(upload.id(), UploadStatus.PROMOTED, now);
        audit.record(AuditEntry.by(caller, "asset.promote", AuditOutcome.SUCCESS).target("version", versionId)
                .detail("asset " + assetId + ", upload " + upload.id() + ", job " + jobId));
        if (asset.liveVersionId() == null) {
            assets.updateStatus(assetId, AssetStatus.PROCESSING, null, now);
        }
        // The line an operator starts from: with the request's correlationId it leads to the worker's lines for the job.
        log.info("upload {} of asset {} promoted to version {}, job {} queued", upload.id(), assetId, versionId, jobId);
        return new Promotion(assetId, versionId, jobId, VersionStatus.PROMOTING, true);
    }

    private Promotion replay(Version version) {
        UUID jobId = jobs.current(version.id()).map(job -> job.id()).orElse(null);
        return new Promotion(version.assetId(), version.id(), jobId, version.status(), false);
    }

    private static String declaredSha256(Upload upload, String requested) {
        String fromRequest = requested == null || requested.isBlank() ? null : requested.strip().toLowerCase(Locale.ROOT);
        if (fromRequest != null && !fromRequest.matches("[0-9a-f]{64}")) {
            throw ApiProblem.badRequest("sha256_invalid", "sha256 must be 64 hexadecimal digits");
        }
        if (fromRequest != null && upload.sha256() != null && !fromRequest.equals(upload.sha256())) {
            throw ApiProblem.conflict("sha256_conflict", "sha256 differs from the one declared when the upload was created");
        }
        return fromRequest != null ? fromRequest : upload.sha256();
    }
}
