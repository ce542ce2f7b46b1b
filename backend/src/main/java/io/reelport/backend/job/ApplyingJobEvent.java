package io.reelport.backend.job;

import io.reelport.backend.asset.Asset;
import io.reelport.backend.asset.AssetStatus;
import io.reelport.backend.asset.Assets;
import io.reelport.backend.version.Version;
import io.reelport.backend.version.VersionStatus;
import io.reelport.backend.version.Versions;
import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one worker event to the job, its version and its asset. Events of a job are applied in
 * (attempt, sequence) order: one at or below the last applied pair is a duplicate or arrived late,
 * and changes nothing, so redelivery and reordering between backend instances are harmless. The
 * job row is locked while an event is applied, so two instances never apply events of one job at
 * the same time.
 */
@Service
public class ApplyingJobEvent {

    private static final Logger log = LoggerFactory.getLogger(ApplyingJobEvent.class);

    private final Jobs jobs;
    private final Versions versions;
    private final Assets assets;
    private final Clock clock;

    ApplyingJobEvent(Jobs jobs, Versions versions, Assets assets, Clock clock) {
        this.jobs = jobs;
        this.versions = versions;
        this.assets = assets;
        this.clock = clock;
    }

    /** @return what changed, or empty when the event was stale, a duplicate, or for an unknown job */
    @Transactional
    public Optional<AssetProgress> apply(JobEvent event) {
        JobEvent.Header header = event.header();
        // Lock order asset → job, the same as promotion and retry, so they never deadlock.
        Optional<Asset> lockedAsset = assets.lock(header.assetId());
        Optional<Job> found = jobs.lock(header.jobId());
        if (found.isEmpty() || lockedAsset.isEmpty() || !found.get().versionId().equals(header.versionId())) {
            log.warn("Ignoring {} event for unknown job {} (version {})", name(event), header.jobId(), header.versionId());
            return Optional.empty();
        }
        Job job = found.get();
        if (!job.isNewer(header.attempt(), header.sequence())) {
            log.debug("Ignoring stale or duplicate {} event of job {} ({}/{})", name(event), job.id(),
                    header.attempt(), header.sequence());
            return Optional.empty();
        }
        if (job.status().finished() && header.attempt() <= job.attempt()) {
            log.debug("Ignoring {} event of finished job {}", name(event), job.id());
            return Optional.empty();
        }
        Instant now = clock.instant();
        Version version = versions.lock(job.versionId()).orElseThrow();
        // A reprocessed version stays playable while it is transcoded again; only the job shows progress.
        boolean reprocessing = job.type() == JobType.TRANSCODE && version.status() == VersionStatus.READY;
        int attempt = Math.max(job.attempt(), header.attempt());
        Instant startedAt = job.startedAt() == null ? now : job.startedAt();
        Job applied;
        if (event instanceof JobEvent.Started) {
            if (!reprocessing) {
                versions.updateProgress(version.id(), VersionStatus.PROCESSING, version.progress(), "started", now);
            }
            applied = withJob(job, JobStatus.RUNNING, attempt, job.progress(), null, null, null, now, startedAt, null, header);
        } else if (event instanceof JobEvent.Progress progress) {
            if (!reprocessing) {
                versions.updateProgress(version.id(), VersionStatus.PROCESSING, progress.percent(), progress.stage(), now);
            }
            applied = withJob(job, JobStatus.RUNNING, attempt, progress.percent(), null, null, null, now, startedAt, null,
                    header);
        } else if (event instanceof JobEvent.Succeeded succeeded) {
            versions.markReady(version.id(), succeeded.sha256(), succeeded.bytes(), succeeded.probe(),
                    succeeded.renditions(), succeeded.manifestKey(), now);
            applied = withJob(job, JobStatus.SUCCEEDED, attempt, 100, null, null, null, now, startedAt, now, header);
        } else {
            JobEvent.Failed failed = (JobEvent.Failed) event;
            if (!reprocessing) {
                versions.markFailed(version.id(), failed.code(), failed.message(), now);
            }
            applied = withJob(job, JobStatus.FAILED, attempt, job.progress(), failed.code(), failed.message(),
                    failed.retryable(), now, startedAt, now, header);
        }
        jobs.update(applied);
        Asset asset = settleAsset(lockedAsset.get(), now);
        Version after = versions.find(version.id()).orElseThrow();
        return Optional.of(new AssetProgress(asset.id(), after.id(), job.id(), name(event), after.status().name(),
                event instanceof JobEvent.Progress p ? p.percent() : after.progress(), after.progressStage(),
                asset.status().name(), asset.liveVersionId(), applied.failureCode(), applied.failureMessage()));
    }

    /**
     * The first version of an asset that becomes ready goes live; later ones wait to be published.
     * Without a live version, the asset is processing while any version is, and failed otherwise.
     */
    private Asset settleAsset(Asset asset, Instant now) {
        if (asset.liveVersionId() != null) {
            return asset;
        }
        Optional<Version> ready = versions.ofAsset(asset.id()).stream()
                .filter(version -> version.status() == VersionStatus.READY)
                .findFirst();
        if (ready.isPresent()) {
            assets.updateStatus(asset.id(), AssetStatus.READY, ready.get().id(), now);
        } else {
            assets.updateStatus(asset.id(), versions.anyInProgress(asset.id()) ? AssetStatus.PROCESSING : AssetStatus.FAILED,
                    null, now);
        }
        return assets.find(asset.id()).orElseThrow();
    }

    private static Job withJob(Job job, JobStatus status, int attempt, int progress, String code, String message,
                               Boolean retryable, Instant now, Instant startedAt, Instant finishedAt,
                               JobEvent.Header header) {
        return new Job(job.id(), job.assetId(), job.versionId(), job.type(), status, attempt, progress,
                header.attempt(), header.sequence(), code, message, retryable, job.createdAt(), now, startedAt,
                finishedAt);
    }

    private static String name(JobEvent event) {
        if (event instanceof JobEvent.Started) {
            return "started";
        }
        if (event instanceof JobEvent.Progress) {
            return "progress";
        }
        return event instanceof JobEvent.Succeeded ? "succeeded" : "failed";
    }
}
