package io.reelport.backend.upload;

import io.reelport.backend.asset.Assets;
import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.problem.ApiProblem;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The client gives up on an upload: its multipart upload is aborted and any staged bytes deleted. */
@Service
public class AbortingUpload {

    private final Assets assets;
    private final Uploads uploads;
    private final StagingObjects staging;
    private final Clock clock;
    private final AuditTrail audit;

    AbortingUpload(Assets assets, Uploads uploads, StagingObjects staging, Clock clock, AuditTrail audit) {
        this.assets = assets;
        this.audit = audit;
        this.uploads = uploads;
        this.staging = staging;
        this.clock = clock;
    }

    @Transactional
    public void abort(Caller caller, UUID assetId, UUID uploadId) {
        assets.lockManageable(assetId, caller);
        Upload upload = uploads.lock(assetId, uploadId).orElseThrow(() -> ApiProblem.noSuch("upload", uploadId));
        switch (upload.status()) {
            case ABORTED, EXPIRED -> {
                return;
            }
            case PROMOTED -> throw ApiProblem.conflict("upload_promoted",
                    "upload " + uploadId + " is a version now; delete the asset instead");
            case PENDING, COMPLETED -> { }
        }
        staging.remove(upload);
        uploads.setStatus(upload.id(), UploadStatus.ABORTED, clock.instant());
        audit.record(AuditEntry.by(caller, "upload.abort", AuditOutcome.SUCCESS).target("upload", upload.id()));
    }
}
