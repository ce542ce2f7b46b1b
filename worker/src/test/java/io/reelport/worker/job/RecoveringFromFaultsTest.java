package io.reelport.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs;
import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageKeys;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.TestServices;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.VideoClip;
import io.reelport.testsupport.net.TcpProxy;
import io.reelport.worker.preview.PreviewManifest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workers that stop, or lose their storage, in the middle of a job, with real Redis, s3proxy and
 * ffmpeg; a worker process killed or terminated is {@link WorkerProcessTest}. Worker instances are
 * assembled by {@link WorkerFixture} so that a test can point one at storage through a proxy it cuts.
 */
class RecoveringFromFaultsTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    final TestClips clips = TestClips.shared();
    TestServices services;
    WorkerFixture fixture;
    S3Client s3;
    JobFeed feed;

    @TempDir
    Path temp;

    @BeforeEach
    void provision() {
        services = TestServices.provision(Need.REDIS, Need.S3);
        fixture = new WorkerFixture(services.redisUrl(), services.redisNamespace());
        s3 = S3Clients.client(services.storage());
        feed = new JobFeed(services.redisUrl(), services.redisNamespace(), s3, services.storage().buckets());
    }

    @AfterEach
    void release() throws Exception {
        fixture.close();
        feed.close();
        s3.close();
    }

    @Test
    void aStoppingWorkerFinishesItsJobWithinTheGracePeriod() throws Exception {
        JobConsumer worker = fixture.worker(WorkerFixture.properties("graceful", temp.resolve("graceful"), Duration.ofSeconds(30), 5),
                services.storage());
        worker.start();
        JobMessage job = feed.upload(clips.video(VideoClip.of(640, 360).duration(Duration.ofSeconds(4))));
        feed.enqueue(job);
        await().atMost(TIMEOUT).until(() -> feed.events(job.jobId()).stream().anyMatch(JobEvent.Started.class::isInstance));

        worker.stop(Duration.ofSeconds(90));
        assertThat(feed.terminal(job.jobId())).singleElement().isInstanceOf(JobEvent.Succeeded.class);
        assertThat(feed.pending()).isZero();
        assertThat(jobDirectories(temp.resolve("graceful"))).isEmpty();
        assertOneCompleteSet(job);
    }

    @Test
    void aStoppingWorkerAbandonsAJobThatOutlastsTheGracePeriod() throws Exception {
        JobConsumer worker = fixture.worker(WorkerFixture.properties("impatient", temp.resolve("impatient"), Duration.ofSeconds(30), 5),
                services.storage());
        worker.start();
        JobMessage job = feed.upload(clips.video(VideoClip.of(1280, 720).duration(Duration.ofSeconds(8))));
        feed.enqueue(job);
        await().atMost(TIMEOUT).until(() -> feed.events(job.jobId()).stream().anyMatch(event ->
                event instanceof JobEvent.Progress progress && progress.stage().equals("transcode")));

        worker.stop(Duration.ZERO);
        assertThat(feed.terminal(job.jobId())).isEmpty();
        assertThat(feed.pending()).as("left for another worker").isEqualTo(1);
        assertThat(jobDirectories(temp.resolve("impatient"))).isEmpty();
        assertThat(feed.previewKeys(job)).doesNotContain(StorageKeys.manifest(job.assetId(), job.versionId()));
    }

    @Test
    void storageUnreachableMidJobIsRetriedWithBackoffAndThenSucceeds() throws Exception {
        try (TcpProxy proxy = refusingProxyToStorage()) {
            StorageProperties throughProxy = new StorageProperties(URI.create("http://127.0.0.1:" + proxy.port()), services.storage().region(),
                    services.storage().accessKey(), services.storage().secretKey(), true, services.storage().buckets());
            JobConsumer worker = fixture.worker(WorkerFixture.properties("cut", temp.resolve("cut"), Duration.ofSeconds(30), 6),
                    throughProxy);
            worker.start();
            // Long enough that the transcode still runs when the storage goes, even on an idle machine
            // (a 4 s clip finished in under 2 s there, before the test could cut anything).
            JobMessage job = feed.upload(clips.video(VideoClip.of(1280, 720).duration(Duration.ofSeconds(12))));
            feed.enqueue(job);
            await().atMost(TIMEOUT).until(() -> feed.events(job.jobId()).stream().anyMatch(event ->
                    event instanceof JobEvent.Progress progress && progress.stage().equals("transcode")));

            proxy.cut();
            await().atMost(TIMEOUT).until(() -> fixture.registry.get("reelport.worker.jobs").tag("outcome", "retried")
                    .counter().count() >= 1);
            proxy.restore();

            JobEvent outcome = feed.awaitTerminal(job.jobId(), TIMEOUT);
            assertThat(outcome).isInstanceOf(JobEvent.Succeeded.class);
            assertThat(outcome.header().attempt()).isGreaterThanOrEqualTo(2);
            assertThat(feed.terminal(job.jobId())).hasSize(1);
            assertThat(s3.headObject(head -> head.bucket(services.storage().buckets().masters()).key(job.masterKey()))
                    .metadata()).containsEntry("sha256", job.expectedSha256());
            assertOneCompleteSet(job);
            assertThat(feed.pending()).isZero();
            worker.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void storageDownForGoodIsDeadLetteredAfterTheLastAttempt() throws Exception {
        try (TcpProxy proxy = refusingProxyToStorage()) {
            StorageProperties throughProxy = new StorageProperties(URI.create("http://127.0.0.1:" + proxy.port()), services.storage().region(),
                    services.storage().accessKey(), services.storage().secretKey(), true, services.storage().buckets());
            JobConsumer worker = fixture.worker(WorkerFixture.properties("down", temp.resolve("down"), Duration.ofSeconds(30), 2),
                    throughProxy);
            proxy.cut();
            worker.start();
            JobMessage job = feed.upload(clips.video(VideoClip.of(320, 240).duration(Duration.ofSeconds(1))));
            feed.enqueue(job);

            JobEvent outcome = feed.awaitTerminal(job.jobId(), TIMEOUT);
            assertThat(outcome).isInstanceOfSatisfying(JobEvent.Failed.class, failed -> {
                assertThat(failed.code()).isEqualTo(JobFailure.STORAGE_UNAVAILABLE);
                assertThat(failed.retryable()).isTrue();
                assertThat(failed.header().attempt()).isEqualTo(2);
            });
            assertThat(feed.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead.getBody()).containsEntry("jobId", job.jobId().toString()).containsEntry("attempt", "2")
                        .containsEntry("deadCode", JobFailure.STORAGE_UNAVAILABLE);
            });
            assertThat(feed.pending()).isZero();
            assertThat(feed.redis.zcard(services.redisNamespace().key("jobs", "delayed"))).isZero();
            worker.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void anEntryDeliveredTooOftenIsDeadLetteredInsteadOfRunAgain() throws Exception {
        JobMessage job = feed.upload(clips.video(VideoClip.of(320, 240).duration(Duration.ofSeconds(1))));
        RedisNamespace names = services.redisNamespace();
        feed.redis.xgroupCreate(XReadArgs.StreamOffset.from(names.jobsStream(), "0"), RedisNamespace.WORKERS_GROUP,
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream(true));
        String id = feed.enqueue(job);
        // a worker that took it and died, nine times over
        feed.redis.xreadgroup(Consumer.from(RedisNamespace.WORKERS_GROUP, "ghost"), XReadArgs.StreamOffset.lastConsumed(names.jobsStream()));
        feed.redis.xclaim(names.jobsStream(), Consumer.from(RedisNamespace.WORKERS_GROUP, "ghost"),
                XClaimArgs.Builder.minIdleTime(0).retryCount(9).idle(Duration.ofMinutes(5)), id);

        JobConsumer worker = fixture.worker(WorkerFixture.properties("careful", temp.resolve("careful"), Duration.ofSeconds(1), 3),
                services.storage());
        worker.start();
        JobEvent outcome = feed.awaitTerminal(job.jobId(), TIMEOUT);
        assertThat(outcome).isInstanceOfSatisfying(JobEvent.Failed.class, failed ->
                assertThat(failed.code()).isEqualTo(JobFailure.TOO_MANY_DELIVERIES));
        assertThat(feed.deadLetters()).singleElement().satisfies(dead ->
                assertThat(dead.getBody()).containsEntry("deadEntryId", id).containsEntry("deadCode", JobFailure.TOO_MANY_DELIVERIES));
        assertThat(feed.events(job.jobId())).noneMatch(JobEvent.Started.class::isInstance);
        assertThat(feed.masterExists(job)).isFalse();
        assertThat(feed.pending()).isZero();
        worker.stop(Duration.ofSeconds(5));
    }

    /** Storage that goes away like a host that is down: new connections are refused, not accepted and closed. */
    private TcpProxy refusingProxyToStorage() {
        URI endpoint = services.storage().endpoint();
        return TcpProxy.to(endpoint.getHost(), endpoint.getPort(), TcpProxy.Outage.REFUSED);
    }

    private void assertOneCompleteSet(JobMessage job) {
        byte[] json = s3.getObjectAsBytes(get -> get.bucket(services.storage().buckets().previews())
                .key(StorageKeys.manifest(job.assetId(), job.versionId()))).asByteArray();
        PreviewManifest manifest = JsonMapper.builder().build().readValue(json, PreviewManifest.class);
        assertThat(manifest.jobId()).isEqualTo(job.jobId());
        Set<String> expected = manifest.files().stream().map(file -> job.previewPrefix() + file.path())
                .collect(Collectors.toCollection(TreeSet::new));
        expected.add(StorageKeys.manifest(job.assetId(), job.versionId()));
        assertThat(feed.previewKeys(job)).containsExactlyElementsOf(expected);
    }

    private static List<Path> jobDirectories(Path tempDir) throws IOException {
        if (!Files.isDirectory(tempDir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(tempDir)) {
            return listing.toList();
        }
    }
}
