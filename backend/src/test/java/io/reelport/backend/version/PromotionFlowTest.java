package io.reelport.backend.version;

import static io.reelport.backend.asset.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reelport.backend.UseCaseTest;
import io.reelport.backend.asset.Asset;
import io.reelport.backend.asset.AssetStatus;
import io.reelport.backend.asset.Assets;
import io.reelport.backend.asset.DeletedAssetCleanup;
import io.reelport.backend.asset.EditingAsset;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.job.Job;
import io.reelport.backend.job.JobStatus;
import io.reelport.backend.job.Jobs;
import io.reelport.backend.job.OutboxRelay;
import io.reelport.backend.job.RetryingJob;
import io.reelport.backend.playback.IssuingPlayback;
import io.reelport.backend.upload.CompletingUpload;
import io.reelport.backend.upload.CreatingUpload;
import io.reelport.backend.upload.PresignedUploads;
import io.reelport.backend.upload.UploadStatus;
import io.reelport.backend.upload.Uploads;
import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.JobType;
import io.reelport.common.jobs.ProbeMetadata;
import io.reelport.common.jobs.Rendition;
import io.reelport.common.playback.PlaybackTokenVerifier;
import io.reelport.common.playback.Verification;
import io.reelport.common.storage.S3Clients;
import io.reelport.testsupport.ReelportTestProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Promotion to playback without HTTP: the real outbox relay puts jobs on the real stream, and the
 * test plays the worker by writing {@link JobEvent}s to the events stream the real consumer reads.
 */
class PromotionFlowTest extends UseCaseTest {

    static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() * 1000);

    @Autowired EditingAsset editing;
    @Autowired Assets assets;
    @Autowired CreatingUpload creating;
    @Autowired CompletingUpload completing;
    @Autowired PromotingUpload promoting;
    @Autowired PublishingVersion publishing;
    @Autowired ReprocessingVersion reprocessing;
    @Autowired RetryingJob retrying;
    @Autowired IssuingPlayback playback;
    @Autowired DeletedAssetCleanup cleanup;
    @Autowired Versions versions;
    @Autowired Uploads uploads;
    @Autowired Jobs jobs;
    @Autowired StringRedisTemplate redis;
    @Autowired OutboxRelay relay;
    @Autowired TransactionTemplate transactions;

    Caller editor;

    @BeforeEach
    void editor() {
        editor = user(Role.EDITOR);
    }

    UUID completedUpload(Asset asset, String sha256) throws Exception {
        byte[] body = PresignedUploads.bytes(2048, 7);
        CreatingUpload.Ticket ticket = creating.create(editor, asset.id(),
                new CreatingUpload.Request("clip.mp4", "video/mp4", (long) body.length, sha256));
        assertThat(PresignedUploads.put(ticket.url(), ticket.headers(), body).statusCode()).isEqualTo(200);
        completing.complete(editor, asset.id(), ticket.uploadId(), List.of());
        return ticket.uploadId();
    }

    PromotingUpload.Promotion promote(Asset asset, UUID uploadId, String key) {
        return promoting.promote(editor, asset.id(), new PromotingUpload.Request(uploadId, null, key, null, null));
    }

    /** The job the relay published for a version, as a worker reads it. */
    JobMessage published(UUID jobId, int attempt) {
        String stream = services.redisNamespace().jobsStream();
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<MapRecord<String, Object, Object>> entries = redis.opsForStream().range(stream,
                    org.springframework.data.domain.Range.unbounded());
            return entries.stream().map(PromotionFlowTest::message)
                    .filter(message -> message.jobId().equals(jobId) && message.attempt() == attempt)
                    .findFirst();
        }, Optional::isPresent).orElseThrow();
    }

    static JobMessage message(MapRecord<String, Object, Object> record) {
        Map<String, String> fields = new java.util.HashMap<>();
        record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
        return JobMessage.fromFields(fields);
    }

    void emit(JobEvent event) {
        redis.opsForStream().add(MapRecord.create(services.redisNamespace().eventsStream(), event.toFields()));
    }

    static JobEvent.Header header(JobMessage job, long sequence) {
        return JobEvent.Header.of(job, sequence, Instant.now(), "test-worker");
    }

    static JobEvent.Succeeded succeeded(JobMessage job, long sequence) {
        ProbeMetadata probe = new ProbeMetadata(2.0, "mov,mp4", 800_000L, 1280, 720, 0, 25.0, "h264", "aac", 2, 48000,
                List.of());
        List<Rendition> renditions = List.of(
                new Rendition("master", Rendition.Kind.HLS_MASTER, "hls/master.m3u8", null, null, null, null, 300L, null),
                new Rendition("720p", Rendition.Kind.HLS_VIDEO, "hls/720p/index.m3u8", 1280, 720, 2_800_000,
                        "avc1.64001f,mp4a.40.2", 700_000L, 2.0));
        return new JobEvent.Succeeded(header(job, sequence), "a".repeat(64), 2048, probe, renditions,
                job.previewPrefix() + "manifest.json");
    }

    Version awaitVersion(UUID versionId, VersionStatus status) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> versions.find(versionId).orElseThrow(), version -> version.status() == status);
    }

    /** Promotes a fresh asset's first upload and drives its job to success. */
    Asset readyAsset() throws Exception {
        Asset asset = editing.create(editor, "Ready " + UUID.randomUUID(), null);
        PromotingUpload.Promotion promotion = promote(asset, completedUpload(asset, null), null);
        JobMessage job = published(promotion.jobId(), 1);
        emit(succeeded(job, SEQUENCE.incrementAndGet()));
        awaitVersion(promotion.versionId(), VersionStatus.READY);
        return assets.find(asset.id()).orElseThrow();
    }

    @Test
    void promotionQueuesTheJobAndEventsMakeTheFirstVersionLive() throws Exception {
        Asset asset = editing.create(editor, "Keynote", "the 2026 keynote");
        String sha = "b".repeat(64);
        UUID uploadId = completedUpload(asset, sha);

        PromotingUpload.Promotion promotion = promote(asset, uploadId, null);

        assertThat(promotion.status()).isEqualTo(VersionStatus.PROMOTING);
        assertThat(assets.find(asset.id()).orElseThrow().status()).isEqualTo(AssetStatus.PROCESSING);
        assertThat(uploads.find(uploadId).orElseThrow().status()).isEqualTo(UploadStatus.PROMOTED);
        JobMessage job = published(promotion.jobId(), 1);
        assertThat(job.type()).isEqualTo(JobType.INGEST_AND_TRANSCODE);
        assertThat(job.versionId()).isEqualTo(promotion.versionId());
        assertThat(job.stagingKey()).isEqualTo("staging/" + asset.id() + "/" + uploadId + "/clip.mp4");
        assertThat(job.masterKey()).isEqualTo("masters/" + asset.id() + "/" + promotion.versionId() + "/source.mp4");
        assertThat(job.previewPrefix()).isEqualTo("previews/" + asset.id() + "/" + promotion.versionId() + "/");
        assertThat(job.expectedSha256()).isEqualTo(sha);
        assertThat(job.sourceBytes()).isEqualTo(2048);

        emit(new JobEvent.Started(header(job, SEQUENCE.incrementAndGet())));
        emit(new JobEvent.Progress(header(job, SEQUENCE.incrementAndGet()), 40, "transcode"));
        Version processing = await().atMost(Duration.ofSeconds(10))
                .until(() -> versions.find(promotion.versionId()).orElseThrow(), version -> version.progress() == 40);
        assertThat(processing.status()).isEqualTo(VersionStatus.PROCESSING);
        assertThat(processing.progressStage()).isEqualTo("transcode");

        emit(succeeded(job, SEQUENCE.incrementAndGet()));
        Version ready = awaitVersion(promotion.versionId(), VersionStatus.READY);

        assertThat(ready.sha256()).isEqualTo("a".repeat(64));
        assertThat(ready.sizeBytes()).isEqualTo(2048);
        assertThat(ready.probe().width()).isEqualTo(1280);
        assertThat(ready.renditions()).extracting(Rendition::name).containsExactly("master", "720p");
        Asset live = assets.find(asset.id()).orElseThrow();
        assertThat(live.status()).isEqualTo(AssetStatus.READY);
        assertThat(live.liveVersionId()).isEqualTo(promotion.versionId());
        assertThat(jobs.find(promotion.jobId()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void promotingTheSameUploadTwiceOrWithTheSameKeyGivesTheSameVersion() throws Exception {
        Asset asset = editing.create(editor, "Twice", null);
        UUID uploadId = completedUpload(asset, null);

        PromotingUpload.Promotion first = promote(asset, uploadId, "key-1");
        PromotingUpload.Promotion again = promote(asset, uploadId, null);
        PromotingUpload.Promotion sameKey = promote(asset, uploadId, "key-1");

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.versionId()).isEqualTo(first.versionId());
        assertThat(again.jobId()).isEqualTo(first.jobId());
        assertThat(sameKey.versionId()).isEqualTo(first.versionId());
        assertThat(versions.ofAsset(asset.id())).hasSize(1);
        // The same key for a different upload is a client bug, not a replay.
        UUID other = completedUpload(asset, null);
        assertRefused(() -> promote(asset, other, "key-1"), HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused");
    }

    @Test
    void relaysRacingForTheOutboxPublishEveryJobExactlyOnce() throws Exception {
        // The background relay and two more racing it stand for three backend instances.
        Asset asset = editing.create(editor, "Outbox race " + UUID.randomUUID(), null);
        PromotingUpload.Promotion promotion = promote(asset, completedUpload(asset, null), null);
        JobMessage first = published(promotion.jobId(), 1);
        List<UUID> queued = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 600; i++) {
                JobMessage job = new JobMessage(UUID.randomUUID(), JobType.TRANSCODE, first.assetId(), first.versionId(), 1,
                        null, first.masterKey(), first.previewPrefix(), null, 0, first.profile(), null, null, Instant.now());
                jobs.enqueue(job, Instant.now());
                queued.add(job.jobId());
            }
        });
        ExecutorService racers = Executors.newFixedThreadPool(2);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Integer> publishedByRacer = new ArrayList<>();
        try {
            List<Future<Integer>> running = new ArrayList<>();
            for (int racer = 0; racer < 2; racer++) {
                running.add(racers.submit(() -> {
                    start.await();
                    int total = 0;
                    for (int batch; (batch = relay.relayOnce()) > 0; ) {
                        total += batch;
                    }
                    return total;
                }));
            }
            for (Future<Integer> racer : running) {
                publishedByRacer.add(racer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            racers.shutdownNow();
        }
        // Both racers really took rows while the other was taking them (otherwise nothing raced).
        assertThat(publishedByRacer).allSatisfy(count -> assertThat(count).isPositive());
        String stream = services.redisNamespace().jobsStream();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<UUID, Long> published = redis.opsForStream().range(stream, org.springframework.data.domain.Range.unbounded())
                    .stream().map(PromotionFlowTest::message).map(JobMessage::jobId).filter(queued::contains)
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            assertThat(published).hasSize(queued.size());
            assertThat(published.values()).containsOnly(1L);
        });
    }

    @Test
    void promotionRefusesUploadsThatAreNotCompleteAndOtherUsersAssets() throws Exception {
        Asset asset = editing.create(editor, "Refusals", null);
        CreatingUpload.Ticket pending = creating.create(editor, asset.id(),
                new CreatingUpload.Request("a.mp4", "video/mp4", 10L, null));
        assertRefused(() -> promote(asset, pending.uploadId(), null), HttpStatus.CONFLICT, "upload_not_completed");
        assertRefused(() -> promote(asset, UUID.randomUUID(), null), HttpStatus.NOT_FOUND, "upload_not_found");
        UUID uploadId = completedUpload(asset, "c".repeat(64));
        assertRefused(() -> promoting.promote(editor, asset.id(), new PromotingUpload.Request(uploadId, "d".repeat(64),
                null, null, null)), HttpStatus.CONFLICT, "sha256_conflict");
        assertRefused(() -> promoting.promote(user(Role.EDITOR), asset.id(),
                new PromotingUpload.Request(uploadId, null, null, null, null)), HttpStatus.FORBIDDEN, "asset_forbidden");
        assertThat(versions.ofAsset(asset.id())).isEmpty();
        assertThat(assets.find(asset.id()).orElseThrow().status()).isEqualTo(AssetStatus.AWAITING_UPLOAD);
    }

    @Test
    void duplicateAndOutOfOrderEventsChangeNothing() throws Exception {
        Asset asset = editing.create(editor, "Order", null);
        PromotingUpload.Promotion promotion = promote(asset, completedUpload(asset, null), null);
        JobMessage job = published(promotion.jobId(), 1);
        long base = SEQUENCE.addAndGet(100);

        JobEvent.Progress sixty = new JobEvent.Progress(header(job, base + 10), 60, "transcode");
        emit(sixty);
        await().atMost(Duration.ofSeconds(10)).until(() -> versions.find(promotion.versionId()).orElseThrow().progress() == 60);
        emit(new JobEvent.Progress(header(job, base + 5), 30, "transcode"));   // late
        emit(new JobEvent.Started(header(job, base + 1)));                      // late
        emit(sixty);                                                            // duplicate
        JobEvent.Succeeded success = succeeded(job, base + 20);
        emit(success);
        awaitVersion(promotion.versionId(), VersionStatus.READY);
        emit(new JobEvent.Failed(header(job, base + 15), "LATE", "arrived after success", false));   // late
        emit(success);                                                          // duplicate
        // A marker event after them: once it is applied, so are the ones before it.
        Asset other = editing.create(editor, "Marker", null);
        PromotingUpload.Promotion marker = promote(other, completedUpload(other, null), null);
        emit(new JobEvent.Progress(header(published(marker.jobId(), 1), SEQUENCE.incrementAndGet()), 5, "ingest"));
        await().atMost(Duration.ofSeconds(10)).until(() -> versions.find(marker.versionId()).orElseThrow().progress() == 5);

        Version version = versions.find(promotion.versionId()).orElseThrow();
        assertThat(version.status()).isEqualTo(VersionStatus.READY);
        assertThat(version.progress()).isEqualTo(100);
        assertThat(version.failureCode()).isNull();
        Job applied = jobs.find(promotion.jobId()).orElseThrow();
        assertThat(applied.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(applied.appliedSequence()).isEqualTo(base + 20);
        // Every event was acknowledged, the stale ones included.
        assertThat(redis.opsForStream().pending(services.redisNamespace().eventsStream(), "backend").getTotalPendingMessages())
                .isZero();
    }

    @Test
    void aLaterVersionGoesLiveOnlyWhenPublished() throws Exception {
        Asset asset = readyAsset();
        UUID firstLive = asset.liveVersionId();
        PromotingUpload.Promotion second = promote(asset, completedUpload(asset, null), null);
        assertRefused(() -> publishing.publish(editor, asset.id(), second.versionId()), HttpStatus.CONFLICT,
                "version_not_ready");
        assertThat(assets.find(asset.id()).orElseThrow().status()).isEqualTo(AssetStatus.READY);

        emit(succeeded(published(second.jobId(), 1), SEQUENCE.incrementAndGet()));
        awaitVersion(second.versionId(), VersionStatus.READY);
        assertThat(assets.find(asset.id()).orElseThrow().liveVersionId()).isEqualTo(firstLive);

        publishing.publish(editor, asset.id(), second.versionId());

        assertThat(assets.find(asset.id()).orElseThrow().liveVersionId()).isEqualTo(second.versionId());
        assertRefused(() -> publishing.publish(user(Role.EDITOR), asset.id(), firstLive),
                HttpStatus.FORBIDDEN, "asset_forbidden");
    }

    @Test
    void aFailedJobFailsTheVersionAndAnOperatorRetryRunsItAgain() throws Exception {
        Asset asset = editing.create(editor, "Fails", null);
        PromotingUpload.Promotion promotion = promote(asset, completedUpload(asset, null), null);
        JobMessage job = published(promotion.jobId(), 1);
        emit(new JobEvent.Failed(header(job, SEQUENCE.incrementAndGet()), "STORAGE_UNAVAILABLE", "staging timed out", true));
        Version failed = awaitVersion(promotion.versionId(), VersionStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("STORAGE_UNAVAILABLE");
        assertThat(assets.find(asset.id()).orElseThrow().status()).isEqualTo(AssetStatus.FAILED);
        assertRefused(() -> playback.issue(editor, asset.id(), new IssuingPlayback.Request(null, null)),
                HttpStatus.CONFLICT, "asset_not_ready");

        Job retried = retrying.retry(user(Role.ADMIN), promotion.jobId());

        assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(retried.attempt()).isEqualTo(2);
        JobMessage second = published(promotion.jobId(), 2);
        assertThat(second.stagingKey()).isEqualTo(job.stagingKey());
        assertThat(assets.find(asset.id()).orElseThrow().status()).isEqualTo(AssetStatus.PROCESSING);
        emit(succeeded(second, SEQUENCE.incrementAndGet()));
        awaitVersion(promotion.versionId(), VersionStatus.READY);
        assertThat(assets.find(asset.id()).orElseThrow().liveVersionId()).isEqualTo(promotion.versionId());
        assertRefused(() -> retrying.retry(user(Role.ADMIN), promotion.jobId()), HttpStatus.CONFLICT, "job_not_failed");
    }

    @Test
    void reprocessingQueuesATranscodeAndKeepsTheVersionPlayable() throws Exception {
        Asset asset = readyAsset();
        UUID versionId = asset.liveVersionId();

        UUID jobId = reprocessing.reprocess(editor, asset.id(), versionId, null, null);

        JobMessage job = published(jobId, 1);
        assertThat(job.type()).isEqualTo(JobType.TRANSCODE);
        assertThat(job.stagingKey()).isNull();
        assertRefused(() -> reprocessing.reprocess(editor, asset.id(), versionId, null, null), HttpStatus.CONFLICT,
                "job_in_progress");
        emit(new JobEvent.Progress(header(job, SEQUENCE.incrementAndGet()), 50, "transcode"));
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.find(jobId).orElseThrow().progress() == 50);
        assertThat(versions.find(versionId).orElseThrow().status()).isEqualTo(VersionStatus.READY);
        assertThat(playback.issue(editor, asset.id(), new IssuingPlayback.Request(null, null)).versionId()).isEqualTo(versionId);
    }

    @Test
    void playbackUrlsAreSignedForTheLiveVersionAndVerifyAtTheEdge() throws Exception {
        Asset asset = readyAsset();
        Caller viewer = user(Role.VIEWER);

        IssuingPlayback.Urls urls = playback.issue(viewer, asset.id(), new IssuingPlayback.Request(null, 600L));

        assertThat(urls.versionId()).isEqualTo(asset.liveVersionId());
        assertThat(urls.expiresAt()).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(601));
        PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(
                new io.reelport.common.playback.PlaybackKeyProperties(ReelportTestProperties.PLAYBACK_KEYS,
                        ReelportTestProperties.PLAYBACK_ACTIVE_KID, Duration.ofSeconds(30)).verifyingRing(),
                Duration.ofSeconds(30));
        String prefix = asset.id() + "/" + asset.liveVersionId() + "/";
        for (String url : List.of(urls.hlsUrl(), urls.posterUrl(), urls.mp4Url(), urls.thumbnailsUrl())) {
            assertThat(url).startsWith("https://edge.example.test/p/");
            String afterP = URI.create(url).getRawPath().substring("/p/".length());
            String token = afterP.substring(0, afterP.indexOf('/'));
            String path = afterP.substring(token.length() + 1);
            assertThat(path).startsWith(prefix);
            Verification verification = verifier.verify(token, path, "203.0.113.9", Instant.now());
            assertThat(verification.isGranted()).as(url + " " + verification).isTrue();
            // The same token grants nothing under another version.
            assertThat(verifier.verify(token, asset.id() + "/" + UUID.randomUUID() + "/poster.jpg", null, Instant.now())
                    .isGranted()).isFalse();
        }
        assertThat(urls.hlsUrl()).endsWith(prefix + "hls/master.m3u8");
        assertThat(urls.posterUrl()).endsWith(prefix + "poster.jpg");
        assertThat(urls.mp4Url()).endsWith(prefix + "preview.mp4");
        assertThat(urls.thumbnailsUrl()).endsWith(prefix + "thumbs/thumbnails.vtt");
        assertRefused(() -> playback.issue(viewer, asset.id(), new IssuingPlayback.Request(null, 86_401L)),
                HttpStatus.BAD_REQUEST, "playback_ttl_invalid");
        assertThat(playback.issue(viewer, asset.id(), new IssuingPlayback.Request(null, null)).expiresAt())
                .isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3601));
    }

    @Test
    void aVersionThatIsNotLiveIsForReviewersOnly() throws Exception {
        Asset asset = readyAsset();
        PromotingUpload.Promotion second = promote(asset, completedUpload(asset, null), null);
        Caller viewer = user(Role.VIEWER);

        assertRefused(() -> playback.issue(editor, asset.id(), new IssuingPlayback.Request(second.versionId(), null)),
                HttpStatus.CONFLICT, "version_not_ready");
        emit(succeeded(published(second.jobId(), 1), SEQUENCE.incrementAndGet()));
        awaitVersion(second.versionId(), VersionStatus.READY);

        assertThat(playback.issue(editor, asset.id(), new IssuingPlayback.Request(second.versionId(), null)).versionId())
                .isEqualTo(second.versionId());
        assertRefused(() -> playback.issue(viewer, asset.id(), new IssuingPlayback.Request(second.versionId(), null)),
                HttpStatus.NOT_FOUND, "version_not_found");
    }

    @Test
    void aDeletedAssetPlaysNoMoreAndItsPreviewsAndStagingObjectsAreRemoved() throws Exception {
        Asset asset = readyAsset();
        CreatingUpload.Ticket unpromoted = creating.create(editor, asset.id(),
                new CreatingUpload.Request("b.mp4", "video/mp4", 10L, null));
        PresignedUploads.put(unpromoted.url(), unpromoted.headers(), PresignedUploads.bytes(10, 8));
        String previewKey = "previews/" + asset.id() + "/" + asset.liveVersionId() + "/poster.jpg";
        String stagingKey = uploads.find(unpromoted.uploadId()).orElseThrow().stagingKey();
        try (S3Client s3 = S3Clients.client(services.storage())) {
            s3.putObject(request -> request.bucket(services.storage().buckets().previews()).key(previewKey),
                    RequestBody.fromString("jpeg"));

            assertRefused(() -> editing.delete(user(Role.EDITOR), asset.id()),
                    HttpStatus.FORBIDDEN, "asset_forbidden");
            editing.delete(editor, asset.id());

            assertRefused(() -> playback.issue(editor, asset.id(), new IssuingPlayback.Request(null, null)),
                    HttpStatus.GONE, "asset_deleted");
            assertRefused(() -> creating.create(editor, asset.id(), new CreatingUpload.Request("c.mp4", "video/mp4", 10L, null)),
                    HttpStatus.NOT_FOUND, "asset_not_found");
            assertThat(cleanup.cleanUp()).isGreaterThanOrEqualTo(1);
            assertThat(s3.listObjectsV2(request -> request.bucket(services.storage().buckets().previews())
                    .prefix("previews/" + asset.id() + "/")).contents()).isEmpty();
            assertThat(s3.listObjectsV2(request -> request.bucket(services.storage().buckets().staging())
                    .prefix(stagingKey)).contents()).isEmpty();
        }
        assertThat(uploads.find(unpromoted.uploadId()).orElseThrow().status()).isEqualTo(UploadStatus.ABORTED);
    }
}
