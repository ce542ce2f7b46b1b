package io.reelport.backend.asset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reelport.backend.job.Job;
import io.reelport.backend.job.Jobs;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.version.Version;
import io.reelport.backend.version.Versions;
import io.reelport.common.jobs.ProbeMetadata;
import io.reelport.common.jobs.Rendition;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The JSON shapes of assets, versions and jobs (names fixed by the API contract). */
@Component
public class AssetViews {

    private final Assets assets;
    private final Versions versions;
    private final Jobs jobs;

    AssetViews(Assets assets, Versions versions, Jobs jobs) {
        this.assets = assets;
        this.versions = versions;
        this.jobs = jobs;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssetView(UUID id, String title, String description, String status, UUID liveVersionId,
                            UUID ownerId, Instant createdAt, Instant updatedAt, List<VersionView> versions,
                            JobView currentJob) {
    }

    public record Failure(String code, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(UUID id, int number, String status, boolean live, int progress, String stage,
                              Failure failure, String sha256, Long sizeBytes, String filename, String contentType,
                              ProbeMetadata probe, List<Rendition> renditions, UUID jobId, Instant createdAt,
                              Instant readyAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobView(UUID id, UUID assetId, UUID versionId, String type, String status, int attempt,
                          int progress, Failure failure, Boolean retryable, Instant createdAt, Instant startedAt,
                          Instant finishedAt) {
    }

    public record ListView(List<AssetView> items, String nextCursor) {
    }

    /**
     * An asset with its versions (newest first) and the job of its newest version. No transaction:
     * under READ COMMITTED each query sees its own snapshot either way, so a read-only transaction
     * would only add its COMMIT round trip and an entity manager to the API's hottest read.
     */
    public AssetView detail(UUID assetId) {
        Asset asset = assets.visible(assetId);
        List<VersionView> versionViews = versions.ofAsset(assetId).stream().map(version -> version(asset, version)).toList();
        JobView currentJob = versionViews.isEmpty() ? null
                : jobs.current(versionViews.get(0).id()).map(AssetViews::job).orElse(null);
        return new AssetView(asset.id(), asset.title(), asset.description(), asset.status().name(), asset.liveVersionId(),
                asset.ownerId(), asset.createdAt(), asset.updatedAt(), versionViews, currentJob);
    }

    public static AssetView summary(Asset asset) {
        return new AssetView(asset.id(), asset.title(), asset.description(), asset.status().name(), asset.liveVersionId(),
                asset.ownerId(), asset.createdAt(), asset.updatedAt(), null, null);
    }

    @Transactional(readOnly = true)
    public List<VersionView> versions(UUID assetId) {
        Asset asset = assets.visible(assetId);
        return versions.ofAsset(assetId).stream().map(version -> version(asset, version)).toList();
    }

    @Transactional(readOnly = true)
    public VersionView version(UUID assetId, UUID versionId) {
        Asset asset = assets.visible(assetId);
        Version version = versions.find(versionId).filter(found -> found.assetId().equals(assetId))
                .orElseThrow(() -> ApiProblem.noSuch("version", versionId));
        return version(asset, version);
    }

    private VersionView version(Asset asset, Version version) {
        Failure failure = version.failureCode() == null ? null : new Failure(version.failureCode(), version.failureMessage());
        UUID jobId = jobs.current(version.id()).map(Job::id).orElse(null);
        return new VersionView(version.id(), version.number(), version.status().name(),
                version.id().equals(asset.liveVersionId()), version.progress(), version.progressStage(), failure,
                version.sha256(), version.sizeBytes(), version.filename(), version.contentType(), version.probe(),
                version.renditions(), jobId, version.createdAt(), version.readyAt());
    }

    public static JobView job(Job job) {
        Failure failure = job.failureCode() == null ? null : new Failure(job.failureCode(), job.failureMessage());
        return new JobView(job.id(), job.assetId(), job.versionId(), job.type().name(), job.status().name(), job.attempt(),
                job.progress(), failure, job.retryable(), job.createdAt(), job.startedAt(), job.finishedAt());
    }
}
