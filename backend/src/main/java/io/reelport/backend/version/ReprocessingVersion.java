package io.reelport.backend.version;

import io.reelport.backend.asset.Assets;
import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.job.JobStatus;
import io.reelport.backend.job.Jobs;
import io.reelport.backend.job.JobsProperties;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.JobType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues a new transcode of a version from its master, e.g. after the ladder changed. The master
 * exists only once ingest succeeded, so only a READY version can be reprocessed; it stays playable
 * while the new previews are made.
 */
@Service
public class ReprocessingVersion {

    private final Assets assets;
    private final Versions versions;
    private final Jobs jobs;
    private final JobsProperties jobsProperties;
    private final Clock clock;
    private final AuditTrail audit;

    ReprocessingVersion(Assets assets, Versions versions, Jobs jobs, JobsProperties jobsProperties, Clock clock,
                        AuditTrail audit) {
        this.assets = assets;
        this.audit = audit;
        this.versions = versions;
        this.jobs = jobs;
        this.jobsProperties = jobsProperties;
        this.clock = clock;
    }

    /** @return the new job's id */
    @Transactional
    public UUID reprocess(Caller caller, UUID assetId, UUID versionId, String traceParent, String correlationId) {
        assets.lockManageable(assetId, caller);
        Version version = versions.find(versionId).filter(found -> found.assetId().equals(assetId))
                .orElseThrow(() -> ApiProblem.noSuch("version", versionId));
        if (version.status() != VersionStatus.READY) {
            throw ApiProblem.conflict("version_not_ready", "version " + versionId + " is " + version.status()
                    + "; only a READY version has a master to transcode again (retry its failed job instead)");
        }
        jobs.current(versionId).filter(job -> !job.status().finished()).ifPresent(running -> {
            throw ApiProblem.conflict("job_in_progress", "job " + running.id() + " of this version is still "
                    + running.status());
        });
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID jobId = UUID.randomUUID();
        jobs.enqueue(new JobMessage(jobId, JobType.TRANSCODE, assetId, versionId, 1, null, version.masterKey(),
                version.previewPrefix(), version.sha256(), version.sizeBytes() == null ? 0 : version.sizeBytes(),
                jobsProperties.profile(), traceParent, correlationId, now), now);
        audit.record(AuditEntry.by(caller, "version.reprocess", AuditOutcome.SUCCESS).target("version", versionId)
                .detail("job " + jobId));
        return jobId;
    }
}
