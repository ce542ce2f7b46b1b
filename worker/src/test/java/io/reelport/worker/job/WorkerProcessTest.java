package io.reelport.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageKeys;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.TestServices;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.VideoClip;
import io.reelport.worker.WorkerApplication;
import io.reelport.worker.preview.PreviewManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker application in a process of its own, stopped the two ways a platform stops it in the
 * middle of a transcode. SIGKILL (the JVM and its ffmpeg, as when a container is lost): another
 * worker instance reclaims the job after the claim timeout, runs it, and exactly one complete
 * preview set results. SIGTERM (a deploy): the process takes nothing new, finishes the job within
 * its grace period, acknowledges it and exits.
 */
class WorkerProcessTest {

    static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path temp;

    @Test
    void aKilledWorkerProcessLeavesItsJobToAnotherInstance() throws Exception {
        TestServices services = TestServices.provision(Need.REDIS, Need.S3);
        StorageProperties storage = services.storage();
        try (S3Client s3 = S3Clients.client(storage);
             JobFeed feed = new JobFeed(services.redisUrl(), services.redisNamespace(), s3, storage.buckets());
             WorkerFixture fixture = new WorkerFixture(services.redisUrl(), services.redisNamespace())) {
            Path log = temp.resolve("doomed.log");
            Process doomed = startWorkerProcess(services, "doomed", temp.resolve("doomed"), log);
            try {
                JobMessage job = feed.upload(TestClips.shared().video(VideoClip.of(1280, 720).duration(Duration.ofSeconds(8))));
                feed.enqueue(job);
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    assertThat(doomed.isAlive()).as("the worker process is running; its log:\n%s", Files.exists(log)
                            ? Files.readString(log) : "").isTrue();
                    return feed.events(job.jobId()).stream().anyMatch(event ->
                            event instanceof JobEvent.Progress progress && progress.stage().equals("transcode"));
                });

                List<ProcessHandle> family = new ArrayList<>(doomed.descendants().toList());
                assertThat(family).as("the worker's ffmpeg is running").isNotEmpty();
                doomed.destroyForcibly();
                family.forEach(ProcessHandle::destroyForcibly);
                assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(feed.terminal(job.jobId())).isEmpty();
                assertThat(feed.pending()).isEqualTo(1);

                JobConsumer survivor = fixture.worker(WorkerFixture.properties("survivor", temp.resolve("survivor"),
                        Duration.ofSeconds(2), 5), storage);
                survivor.start();
                JobEvent outcome = feed.awaitTerminal(job.jobId(), TIMEOUT);
                assertThat(outcome).isInstanceOf(JobEvent.Succeeded.class);
                assertThat(outcome.header().worker()).isEqualTo("survivor");
                assertThat(feed.events(job.jobId())).filteredOn(JobEvent.Started.class::isInstance)
                        .extracting(event -> event.header().worker()).containsExactly("doomed", "survivor");

                byte[] json = s3.getObjectAsBytes(get -> get.bucket(storage.buckets().previews())
                        .key(StorageKeys.manifest(job.assetId(), job.versionId()))).asByteArray();
                PreviewManifest manifest = JsonMapper.builder().build().readValue(json, PreviewManifest.class);
                Set<String> expected = manifest.files().stream().map(file -> job.previewPrefix() + file.path())
                        .collect(Collectors.toCollection(TreeSet::new));
                expected.add(StorageKeys.manifest(job.assetId(), job.versionId()));
                assertThat(feed.previewKeys(job)).containsExactlyElementsOf(expected);
                assertThat(manifest.renditions()).filteredOn(r -> r.path().endsWith("index.m3u8")).hasSize(4);
                assertThat(feed.pending()).isZero();
                survivor.stop(Duration.ofSeconds(5));
            } finally {
                doomed.descendants().forEach(ProcessHandle::destroyForcibly);
                doomed.destroyForcibly();
            }
        }
    }

    @Test
    void aTerminatedWorkerProcessFinishesItsJobThenExits() throws Exception {
        TestServices services = TestServices.provision(Need.REDIS, Need.S3);
        StorageProperties storage = services.storage();
        try (S3Client s3 = S3Clients.client(storage);
             JobFeed feed = new JobFeed(services.redisUrl(), services.redisNamespace(), s3, storage.buckets())) {
            Path log = temp.resolve("leaving.log");
            Process leaving = startWorkerProcess(services, "leaving", temp.resolve("leaving"), log);
            try {
                JobMessage job = feed.upload(TestClips.shared().video(VideoClip.of(1280, 720).duration(Duration.ofSeconds(8))));
                feed.enqueue(job);
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    assertThat(leaving.isAlive()).as("the worker process is running; its log:\n%s", Files.exists(log)
                            ? Files.readString(log) : "").isTrue();
                    return feed.events(job.jobId()).stream().anyMatch(event ->
                            event instanceof JobEvent.Progress progress && progress.stage().equals("transcode"));
                });
                JobMessage next = feed.upload(TestClips.shared().video(VideoClip.of(320, 240).duration(Duration.ofSeconds(1))));

                leaving.destroy(); // SIGTERM
                feed.enqueue(next);
                assertThat(leaving.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exits after its job").isTrue();

                assertThat(feed.terminal(job.jobId())).singleElement().isInstanceOfSatisfying(JobEvent.Succeeded.class,
                        succeeded -> assertThat(succeeded.header().worker()).isEqualTo("leaving"));
                assertThat(feed.events(next.jobId())).as("nothing new taken while stopping").isEmpty();
                assertThat(feed.pending()).isZero();
                assertThat(Files.readString(log)).contains("worker leaving stopped");
                try (var left = Files.list(temp.resolve("leaving"))) {
                    assertThat(left.toList()).as("temporary files").isEmpty();
                }
            } finally {
                leaving.descendants().forEach(ProcessHandle::destroyForcibly);
                leaving.destroyForcibly();
            }
        }
    }

    /** The worker application in a JVM of its own, on this test's classpath and services. */
    private static Process startWorkerProcess(TestServices services, String name, Path tempDir, Path log) throws Exception {
        StorageProperties storage = services.storage();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-Dserver.port=0",
                "-Dspring.data.redis.url=" + services.redisUrl(),
                "-Dreelport.redis.namespace=" + services.redisNamespace().namespace(),
                "-Dreelport.storage.endpoint=" + storage.endpoint(),
                "-Dreelport.storage.region=" + storage.region(),
                "-Dreelport.storage.path-style=" + storage.pathStyle(),
                "-Dreelport.storage.buckets.staging=" + storage.buckets().staging(),
                "-Dreelport.storage.buckets.masters=" + storage.buckets().masters(),
                "-Dreelport.storage.buckets.previews=" + storage.buckets().previews(),
                "-Dreelport.worker.consumer-name=" + name,
                "-Dreelport.worker.claim-timeout=2s",
                "-Dreelport.worker.temp-dir=" + tempDir,
                "-Dreelport.worker.ffmpeg.preset=ultrafast",
                "-Dreelport.worker.previews.segment-seconds=2"));
        if (storage.hasStaticCredentials()) {
            command.add("-Dreelport.storage.access-key=" + storage.accessKey());
            command.add("-Dreelport.storage.secret-key=" + storage.secretKey());
        }
        command.add(WorkerApplication.class.getName());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
