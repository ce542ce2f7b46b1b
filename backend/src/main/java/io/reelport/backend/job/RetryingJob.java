package io.reelport.backend.job;

import io.reelport.backend.asset.AssetStatus;
import io.reelport.backend.asset.Assets;
import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.version.VersionStatus;
import io.reelport.backend.version.Versions;
import io.reelport.common.jobs.JobMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An operator sends a failed (or dead-lettered) job again, as its next attempt: events of the new
 * attempt order after every event of the old ones.
 */
@Service
public class RetryingJob {

    private final Jobs jobs;
    private final Versions versions;
    private final Assets assets;
    private final Clock clock;
    private final AuditTrail audit;

    RetryingJob(Jobs jobs, Versions versions, Assets assets, Clock clock, AuditTrail audit) {
        this.jobs = jobs;
        this.audit = audit;
        this.versions = versions;
        this.assets = assets;
        this.clock = clock;
    }

    @Transactional
    public Job retry(Caller caller, UUID jobId) {
        if (!caller.can(Role.ADMIN)) {
            throw ApiProblem.forbidden("admin_required", "Only admins retry jobs.");
        }
        Job found = jobs.find(jobId).orElseThrow(() -> ApiProblem.noSuch("job", jobId));
        var asset = assets.lock(found.assetId()).orElseThrow();
        if (asset.deleted()) {
            throw ApiProblem.conflict("asset_deleted", "asset " + asset.id() + " is deleted");
        }
        Job job = jobs.lock(jobId).orElseThrow();
        if (job.status() != JobStatus.FAILED) {
            throw ApiProblem.conflict("job_not_failed", "job " + jobId + " is " + job.status() + "; only a failed job is retried");
        }
        Instant now = clock.instant();
        JobMessage last = jobs.lastMessage(jobId).orElseThrow();
        int attempt = Math.max(job.attempt(), last.attempt()) + 1;
        JobMessage next = new JobMessage(last.jobId(), last.type(), last.assetId(), last.versionId(), attempt,
                last.stagingKey(), last.masterKey(), last.previewPrefix(), last.expectedSha256(), last.sourceBytes(),
                last.profile(), last.traceParent(), last.correlationId(), now);
        Job queued = new Job(job.id(), job.assetId(), job.versionId(), job.type(), JobStatus.QUEUED, attempt, 0,
                job.appliedAttempt(), job.appliedSequence(), null, null, null, job.createdAt(), now, null, null);
        jobs.update(queued);
        jobs.addToOutbox(next, now);
        versions.find(job.versionId()).filter(version -> version.status() == VersionStatus.FAILED)
                .ifPresent(version -> versions.updateProgress(version.id(), VersionStatus.PROMOTING, 0, null, now));
        if (asset.liveVersionId() == null) {
            assets.updateStatus(asset.id(), AssetStatus.PROCESSING, null, now);
        }
        audit.record(AuditEntry.by(caller, "job.retry", AuditOutcome.SUCCESS).target("job", jobId)
                .detail("attempt " + attempt));
        return queued;
    }
}
