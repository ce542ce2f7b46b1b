package io.reelport.worker.job;

import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.storage.StorageKeys;
import io.reelport.worker.ingest.IngestingUpload;
import io.reelport.worker.ingest.Source;
import io.reelport.worker.preview.PreviewManifest;
import io.reelport.worker.preview.PublishingPreviews;
import io.reelport.worker.transcode.ProbedMedia;
import io.reelport.worker.transcode.ProbingMedia;
import io.reelport.worker.transcode.Transcoded;
import io.reelport.worker.transcode.TranscodingMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job from start to success: skip it if its manifest is already there, fetch and verify the
 * source, probe it (so that a file that is not media never reaches masters), copy it into masters
 * while transcoding, publish the previews (segments during the transcode) with {@code manifest.json}
 * last, report success. Failures are thrown ({@link JobFailure} for the ones with a known code);
 * the consumer decides what they mean for the stream entry. The job's temporary directory is
 * always removed.
 */
public final class HandlingJob {

    private static final Logger log = LoggerFactory.getLogger(HandlingJob.class);

    private final IngestingUpload ingesting;
    private final ProbingMedia probing;
    private final TranscodingMedia transcoding;
    private final PublishingPreviews publishing;
    private final WorkerMetrics metrics;
    private final Path tempDirectory;
    private final Executor storageRequests;
    private final Clock clock;

    public HandlingJob(IngestingUpload ingesting, ProbingMedia probing, TranscodingMedia transcoding,
                       PublishingPreviews publishing, WorkerMetrics metrics, Path tempDirectory, Executor storageRequests,
                       Clock clock) {
        this.ingesting = ingesting;
        this.probing = probing;
        this.transcoding = transcoding;
        this.publishing = publishing;
        this.metrics = metrics;
        this.tempDirectory = tempDirectory;
        this.storageRequests = storageRequests;
        this.clock = clock;
    }

    /** @return true when the job had already been done (a duplicate delivery) */
    boolean handle(RunningJob running) {
        JobMessage job = running.job();
        Optional<PreviewManifest> existing = publishing.completed(job);
        if (existing.isPresent() && existing.get().jobId().equals(job.jobId())) {
            PreviewManifest manifest = existing.get();
            log.info("job {} for version {} is already complete; reporting success again", job.jobId(), job.versionId());
            running.report(new JobEvent.Succeeded(running.header(), manifest.sha256(), manifest.bytes(), manifest.probe(),
                    manifest.renditions(), StorageKeys.manifest(job.assetId(), job.versionId())));
            return true;
        }
        running.report(new JobEvent.Started(running.header()));
        Path work = workDirectory(job);
        try {
            ingesting.checkFreeSpace(job, work);
            Source source = ingesting.fetch(job, work, running);
            running.checkNotAbandoned();
            ProbedMedia media = probing.probe(source.file());
            // Verified and probed, the source can go to masters; the copy is server-side, so it runs
            // while ffmpeg transcodes and is awaited before the manifest says the version is done.
            CompletableFuture<Void> copy = CompletableFuture.runAsync(() -> ingesting.copyToMasters(job, source), storageRequests);

            // A version with no complete set gets its segments uploaded while ffmpeg encodes the rest;
            // a reprocess keeps the old set whole (and its manifest) until the new one is made.
            Path previews = work.resolve("previews");
            PreviewManifest manifest;
            try (PublishingPreviews.Publication publication = publishing.start(job, previews, existing.isEmpty(), running)) {
                Instant transcodeStart = clock.instant();
                Transcoded transcoded = transcoding.transcode(media, source.file(), previews, running, publication::upload);
                metrics.realtimeFactor(transcoded.mediaSeconds(), Duration.between(transcodeStart, clock.instant()));
                running.checkNotAbandoned();
                awaitCopy(copy);

                manifest = publication.finish(files -> new PreviewManifest(PreviewManifest.VERSION, job.jobId(), job.assetId(),
                        job.versionId(), job.attempt(), runningWorker(running), clock.instant(), job.masterKey(), source.sha256(),
                        source.bytes(), media.kind().name(), media.metadata(), transcoded.renditions(), files));
            }
            running.report(new JobEvent.Succeeded(running.header(), manifest.sha256(), manifest.bytes(), manifest.probe(),
                    manifest.renditions(), StorageKeys.manifest(job.assetId(), job.versionId())));
            return false;
        } finally {
            delete(work);
        }
    }

    private static void awaitCopy(CompletableFuture<Void> copy) {
        try {
            copy.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    private static String runningWorker(RunningJob running) {
        return running.header().worker();
    }

    private Path workDirectory(JobMessage job) {
        try {
            Files.createDirectories(tempDirectory);
            return Files.createDirectory(tempDirectory.resolve("job-" + job.jobId() + "-" + UUID.randomUUID().toString()
                    .substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the job in " + tempDirectory, e);
        }
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.warn("cannot delete {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", directory, e.getMessage());
        }
    }
}
