package io.reelport.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.Rendition;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageKeys;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.TestFfmpeg;
import io.reelport.testsupport.media.VideoClip;
import io.reelport.worker.preview.PreviewManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker application as deployed (its own wiring, real Redis, s3proxy, bundled ffmpeg), driven
 * the way the backend drives it: an upload in staging, a job on the stream, events back.
 */
@SpringBootTest(properties = {
        "reelport.worker.concurrency=2",
        "reelport.worker.retry-backoff=200ms",
        "reelport.worker.ffmpeg.preset=ultrafast",
        "reelport.worker.previews.segment-seconds=2",
        // s3proxy has no Object Lock: retention is asked for and must only cause a warning
        "reelport.worker.masters-retention-days=1"})
class WorkerPipelineTest {

    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        services = ReelportTestProperties.register(registry, Need.REDIS, Need.S3);
        registry.add("reelport.worker.temp-dir", () -> services.storage().buckets().staging().isEmpty() ? null
                : Path.of("target", "reelport-test", "worker-" + services.redisNamespace().namespace()).toAbsolutePath().toString());
    }

    @Autowired
    MeterRegistry meters;

    final TestClips clips = TestClips.shared();
    S3Client s3;
    JobFeed feed;

    @BeforeEach
    void connect() {
        s3 = S3Clients.client(services.storage());
        feed = new JobFeed(services.redisUrl(), services.redisNamespace(), s3, services.storage().buckets());
    }

    @AfterEach
    void disconnect() {
        feed.close();
        s3.close();
    }

    @Test
    void aVideoIsIngestedTranscodedAndPlayableThroughPresignedUrls() throws Exception {
        Path clip = clips.video(VideoClip.of(640, 360).duration(Duration.ofSeconds(3)));
        JobMessage job = feed.upload(clip);
        feed.enqueue(job);

        JobEvent outcome = feed.awaitTerminal(job.jobId(), JOB_TIMEOUT);
        assertThat(outcome).isInstanceOf(JobEvent.Succeeded.class);
        JobEvent.Succeeded succeeded = (JobEvent.Succeeded) outcome;
        assertThat(succeeded.sha256()).isEqualTo(JobFeed.sha256(clip));
        assertThat(succeeded.bytes()).isEqualTo(clip.toFile().length());
        assertThat(succeeded.probe().width()).isEqualTo(640);
        assertThat(succeeded.probe().height()).isEqualTo(360);
        assertThat(succeeded.probe().audioChannels()).isEqualTo(1);
        assertThat(succeeded.manifestKey()).isEqualTo(StorageKeys.manifest(job.assetId(), job.versionId()));
        assertThat(succeeded.renditions()).filteredOn(r -> r.kind() == Rendition.Kind.HLS_VIDEO)
                .extracting(Rendition::name).containsExactly("240p", "360p");

        List<JobEvent> events = feed.events(job.jobId());
        assertThat(events.get(0)).isInstanceOf(JobEvent.Started.class);
        assertThat(events).filteredOn(JobEvent.Progress.class::isInstance).isNotEmpty();
        assertThat(events).extracting(event -> event.header().sequence()).isSorted();

        // the master: in masters, byte for byte, with its hash recorded
        HeadObjectResponse master = s3.headObject(head -> head.bucket(services.storage().buckets().masters()).key(job.masterKey()));
        assertThat(master.metadata()).containsEntry("sha256", JobFeed.sha256(clip));
        assertThat(master.contentLength()).isEqualTo(clip.toFile().length());
        assertThat(JobFeed.sha256(download(services.storage().buckets().masters(), job.masterKey()))).isEqualTo(JobFeed.sha256(clip));

        // exactly the files the manifest lists, plus the manifest
        PreviewManifest manifest = manifest(job);
        assertThat(manifest.jobId()).isEqualTo(job.jobId());
        Set<String> expected = manifest.files().stream().map(file -> job.previewPrefix() + file.path()).collect(Collectors.toCollection(TreeSet::new));
        expected.add(succeeded.manifestKey());
        assertThat(feed.previewKeys(job)).containsExactlyElementsOf(expected);
        assertThat(feed.previewKeys(job)).contains(job.previewPrefix() + "hls/master.m3u8", job.previewPrefix() + "hls/360p/init.mp4",
                job.previewPrefix() + "hls/360p/seg_00001.m4s", job.previewPrefix() + "poster.jpg",
                job.previewPrefix() + "thumbs/sprite_000.jpg", job.previewPrefix() + "thumbs/thumbnails.vtt",
                job.previewPrefix() + "preview.mp4");
        assertThat(head(job, "hls/master.m3u8").contentType()).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(head(job, "hls/360p/seg_00001.m4s").contentType()).isEqualTo("video/iso.segment");
        assertThat(head(job, "hls/360p/seg_00001.m4s").cacheControl()).isEqualTo("public, max-age=86400");
        assertThat(head(job, "poster.jpg").contentType()).isEqualTo("image/jpeg");
        assertThat(head(job, "thumbs/thumbnails.vtt").contentType()).startsWith("text/vtt");

        // played back: ffprobe reads the ladder, ffmpeg decodes every stream to the end
        try (PresigningHttpServer edge = new PresigningHttpServer(services.storage())) {
            String masterUrl = edge.url(job.previewPrefix() + "hls/master.m3u8");
            String probe = run(List.of(TestFfmpeg.binaries().ffprobe().toString(), "-v", "error", "-show_entries",
                    "stream=codec_type,width,height:format=duration", "-of", "csv=p=0", masterUrl));
            List<Integer> heights = new ArrayList<>();
            for (String line : probe.strip().split("\n")) {
                String[] fields = line.split(",");
                if (fields[0].equals("video")) {
                    heights.add(Integer.parseInt(fields[2].trim()));
                }
            }
            // ffprobe lists each variant's streams once per program as well
            assertThat(heights.stream().distinct().toList()).containsExactlyInAnyOrder(240, 360);
            assertThat(heights).allSatisfy(height -> assertThat(height).isLessThanOrEqualTo(360));
            String decode = run(List.of(TestFfmpeg.binaries().ffmpeg().toString(), "-v", "error", "-xerror", "-i", masterUrl,
                    "-map", "0:v", "-map", "0:a", "-f", "null", "-"));
            assertThat(decode).isBlank();
            assertThat(edge.presignedFetches.get()).isGreaterThan(4);
        }
        assertThat(feed.pending()).isZero();
        assertThat(meters.get("reelport.worker.jobs").tag("outcome", "succeeded").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("reelport.worker.realtime.factor").summary().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDuplicateDeliveryOnlyReportsSuccessAgain() throws Exception {
        JobMessage job = feed.upload(clips.video(VideoClip.of(320, 240).duration(Duration.ofSeconds(1))));
        feed.enqueue(job);
        assertThat(feed.awaitTerminal(job.jobId(), JOB_TIMEOUT)).isInstanceOf(JobEvent.Succeeded.class);
        HeadObjectResponse manifestBefore = head(job, "manifest.json");
        HeadObjectResponse segmentBefore = head(job, "hls/240p/seg_00001.m4s");
        List<String> keysBefore = feed.previewKeys(job);
        double duplicatesBefore = meters.get("reelport.worker.jobs").tag("outcome", "duplicate").counter().count();

        feed.enqueue(job);
        JobEvent again = feed.awaitTerminal(job.jobId(), 2, JOB_TIMEOUT);
        assertThat(again).isInstanceOf(JobEvent.Succeeded.class);
        assertThat(((JobEvent.Succeeded) again).renditions()).isEqualTo(((JobEvent.Succeeded) feed.terminal(job.jobId()).get(0)).renditions());
        assertThat(feed.events(job.jobId())).filteredOn(JobEvent.Started.class::isInstance).hasSize(1);
        assertThat(head(job, "manifest.json").eTag()).isEqualTo(manifestBefore.eTag());
        assertThat(head(job, "manifest.json").lastModified()).isEqualTo(manifestBefore.lastModified());
        assertThat(head(job, "hls/240p/seg_00001.m4s").lastModified()).isEqualTo(segmentBefore.lastModified());
        assertThat(feed.previewKeys(job)).isEqualTo(keysBefore);
        assertThat(meters.get("reelport.worker.jobs").tag("outcome", "duplicate").counter().count()).isEqualTo(duplicatesBefore + 1);
        assertThat(feed.pending()).isZero();
    }

    @Test
    void aChecksumMismatchFailsAtOnceAndWritesNothingToMasters() {
        JobMessage declared = feed.upload(clips.video(VideoClip.of(320, 240).duration(Duration.ofSeconds(1))));
        JobMessage job = JobFeed.withSha256(declared, "0".repeat(64));
        feed.enqueue(job);

        JobEvent outcome = feed.awaitTerminal(job.jobId(), JOB_TIMEOUT);
        assertThat(outcome).isInstanceOfSatisfying(JobEvent.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(JobFailure.CHECKSUM_MISMATCH);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.message()).contains(declared.expectedSha256()).contains("0".repeat(64));
            assertThat(failed.header().attempt()).isEqualTo(1);
        });
        assertThat(feed.masterExists(job)).isFalse();
        assertThat(feed.previewKeys(job)).isEmpty();
        assertThat(feed.terminal(job.jobId())).hasSize(1);
        assertThat(feed.pending()).isZero();
    }

    @Test
    void badInputFailsAtOnceWithAClearCodeAndNothingInMasters() {
        Map<Path, String> inputs = Map.of(clips.corrupt(), JobFailure.UNSUPPORTED_MEDIA, clips.truncated(), JobFailure.UNSUPPORTED_MEDIA,
                clips.notMedia(), JobFailure.UNSUPPORTED_MEDIA, clips.empty(), JobFailure.EMPTY_SOURCE);
        Map<JobMessage, String> jobs = new java.util.HashMap<>();
        inputs.forEach((file, code) -> {
            JobMessage job = feed.upload(file);
            feed.enqueue(job);
            jobs.put(job, code);
        });
        jobs.forEach((job, code) -> {
            assertThat(feed.awaitTerminal(job.jobId(), JOB_TIMEOUT)).as(job.stagingKey())
                    .isInstanceOfSatisfying(JobEvent.Failed.class, failed -> {
                        assertThat(failed.code()).isEqualTo(code);
                        assertThat(failed.retryable()).isFalse();
                        assertThat(failed.message()).isNotBlank().doesNotContain("/tmp").doesNotContain("reelport-test");
                    });
            assertThat(feed.masterExists(job)).as("master of " + job.stagingKey()).isFalse();
            assertThat(feed.previewKeys(job)).isEmpty();
        });
        // nothing retried: one terminal event each, nothing pending, nothing waiting for a retry
        jobs.keySet().forEach(job -> assertThat(feed.terminal(job.jobId())).hasSize(1));
        assertThat(feed.pending()).isZero();
    }

    @Test
    void aSourceMissingFromStagingFailsWithoutRetrying() {
        JobMessage uploaded = feed.upload(clips.video(VideoClip.of(320, 240).duration(Duration.ofSeconds(1))));
        s3.deleteObject(delete -> delete.bucket(services.storage().buckets().staging()).key(uploaded.stagingKey()));
        feed.enqueue(uploaded);
        assertThat(feed.awaitTerminal(uploaded.jobId(), JOB_TIMEOUT)).isInstanceOfSatisfying(JobEvent.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(JobFailure.SOURCE_MISSING));
    }

    @Test
    void aPoisonMessageIsDeadLetteredNotRetried() {
        String id = feed.enqueueRaw(Map.of("v", "1", "jobId", "not-a-uuid", "type", "INGEST_AND_TRANSCODE"));
        String newer = feed.enqueueRaw(Map.of("v", "99", "jobId", UUID.randomUUID().toString()));

        org.awaitility.Awaitility.await().atMost(JOB_TIMEOUT).until(() -> feed.deadLetters().stream()
                .map(entry -> entry.getBody().get("deadEntryId")).collect(Collectors.toSet()).containsAll(Set.of(id, newer)));
        Map<String, StreamMessage<String, String>> dead = feed.deadLetters().stream()
                .collect(Collectors.toMap(entry -> entry.getBody().get("deadEntryId"), entry -> entry));
        assertThat(dead.get(id).getBody()).containsEntry("deadCode", JobFailure.MALFORMED_MESSAGE).containsEntry("jobId", "not-a-uuid");
        assertThat(dead.get(newer).getBody().get("deadReason")).contains("version '99' is not supported");
        assertThat(feed.pending()).isZero();
    }

    private PreviewManifest manifest(JobMessage job) {
        byte[] json = s3.getObjectAsBytes(get -> get.bucket(services.storage().buckets().previews())
                .key(StorageKeys.manifest(job.assetId(), job.versionId()))).asByteArray();
        return JsonMapper.builder().build().readValue(json, PreviewManifest.class);
    }

    private HeadObjectResponse head(JobMessage job, String path) {
        return s3.headObject(head -> head.bucket(services.storage().buckets().previews()).key(job.previewPrefix() + path));
    }

    private Path download(String bucket, String key) throws Exception {
        Path file = java.nio.file.Files.createTempFile("master", ".bin");
        file.toFile().deleteOnExit();
        java.nio.file.Files.write(file, s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray());
        return file;
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
