package io.reelport.worker.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.JobType;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageKeys;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.TestFfmpeg;
import io.reelport.testsupport.media.VideoClip;
import io.reelport.testsupport.s3.TestS3;
import io.reelport.worker.job.JobControl;
import io.reelport.worker.platform.WorkerProperties;
import io.reelport.worker.transcode.ProbedMedia;
import io.reelport.worker.transcode.ProbingMedia;
import io.reelport.worker.transcode.Transcoded;
import io.reelport.worker.transcode.TranscodingMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Publishing against s3proxy while the bundled ffmpeg writes the set: early uploads, reprocesses. */
class PublishingPreviewsTest {

    static StorageProperties storage;
    static S3Client s3;
    static ExecutorService uploads;

    final TranscodingMedia transcoding = new TranscodingMedia(TestFfmpeg.binaries(),
            new WorkerProperties.Ffmpeg(null, null, 0, "ultrafast", false, 10, Duration.ofMinutes(2)),
            new WorkerProperties.Previews(WorkerProperties.DEFAULT_LADDER, 1, 160, 100, 360, 800, 128), false);

    @TempDir
    Path work;

    @BeforeAll
    static void storage() {
        storage = TestS3.createBuckets();
        s3 = S3Clients.client(storage);
        uploads = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void close() {
        uploads.shutdownNow();
        s3.close();
    }

    PublishingPreviews publishing() {
        return new PublishingPreviews(s3, storage.buckets().previews(), uploads);
    }

    static JobMessage job() {
        UUID asset = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        return new JobMessage(UUID.randomUUID(), JobType.TRANSCODE, asset, version, 1, null,
                StorageKeys.master(asset, version, "mp4"), StorageKeys.previewPrefix(asset, version), null, 1, "default",
                null, null, Instant.now());
    }

    static PreviewManifest manifest(JobMessage job, Transcoded transcoded, List<PreviewManifest.File> files) {
        return new PreviewManifest(PreviewManifest.VERSION, job.jobId(), job.assetId(), job.versionId(), 1, "test",
                Instant.now(), job.masterKey(), "0".repeat(64), 1, "VIDEO", null, transcoded.renditions(), files);
    }

    byte[] stored(JobMessage job, String path) {
        return s3.getObjectAsBytes(get -> get.bucket(storage.buckets().previews())
                .key(StorageKeys.preview(job.assetId(), job.versionId(), path))).asByteArray();
    }

    @Test
    void segmentsUploadedWhileFfmpegEncodesAreTheFinalBytes() throws Exception {
        Path source = TestClips.shared().video(VideoClip.of(1280, 720).duration(Duration.ofSeconds(10)));
        ProbedMedia media = new ProbingMedia(TestFfmpeg.binaries()).probe(source);
        JobMessage job = job();
        Path previews = work.resolve("previews");
        List<String> early = new CopyOnWriteArrayList<>();
        PreviewManifest written;
        try (PublishingPreviews.Publication publication = publishing().start(job, previews, true, JobControl.DETACHED)) {
            Transcoded transcoded = transcoding.transcode(media, source, previews, JobControl.DETACHED, path -> {
                early.add(path);
                publication.upload(path);
            });
            written = publication.finish(files -> manifest(job, transcoded, files));
        }

        // 1 s segments of a 10 s clip: segments are handed on during the encode, never a rung's last one
        // (ffmpeg may still be writing it) nor anything but media segments
        assertThat(early).isNotEmpty().doesNotHaveDuplicates()
                .allMatch(path -> path.matches("hls/(240p|360p|480p|720p)/seg_\\d{5}\\.m4s"));
        for (String rung : List.of("240p", "360p", "480p", "720p")) {
            List<String> segments = Files.readAllLines(previews.resolve("hls/" + rung + "/index.m3u8")).stream()
                    .filter(line -> line.startsWith("seg_")).toList();
            assertThat(segments).hasSizeGreaterThan(5);
            assertThat(early).doesNotContain("hls/" + rung + "/" + segments.get(segments.size() - 1));
        }
        assertThat(written.files()).extracting(PreviewManifest.File::path).containsAll(early)
                .containsExactlyInAnyOrderElementsOf(PublishingPreviews.files(previews));
        for (PreviewManifest.File file : written.files()) {
            assertThat(stored(job, file.path())).as(file.path()).isEqualTo(Files.readAllBytes(previews.resolve(file.path())));
        }
        assertThat(stored(job, "manifest.json")).isNotEmpty();
    }

    @Test
    void aFileChangedAfterItsEarlyUploadIsUploadedAgain() throws Exception {
        JobMessage job = job();
        Path previews = Files.createDirectories(work.resolve("previews/hls/240p"));
        Files.writeString(previews.resolve("seg_00001.m4s"), "first bytes");
        try (PublishingPreviews.Publication publication = publishing().start(job, work.resolve("previews"), true, JobControl.DETACHED)) {
            publication.upload("hls/240p/seg_00001.m4s");
            Files.writeString(previews.resolve("seg_00001.m4s"), "the final, longer bytes");
            publication.finish(files -> manifest(job, new Transcoded(work.resolve("previews"), List.of(), 1), files));
        }
        assertThat(new String(stored(job, "hls/240p/seg_00001.m4s"))).isEqualTo("the final, longer bytes");
    }

    @Test
    void aReprocessKeepsTheOldCompleteSetUntilTheNewOneIsReady() throws Exception {
        JobMessage job = job();
        String manifestKey = StorageKeys.manifest(job.assetId(), job.versionId());
        String oldSegment = StorageKeys.preview(job.assetId(), job.versionId(), "hls/240p/seg_00001.m4s");
        s3.putObject(put -> put.bucket(storage.buckets().previews()).key(manifestKey), RequestBody.fromString("{}"));
        s3.putObject(put -> put.bucket(storage.buckets().previews()).key(oldSegment), RequestBody.fromString("old"));
        Path previews = Files.createDirectories(work.resolve("previews/hls/240p"));
        Files.writeString(previews.resolve("seg_00001.m4s"), "new");

        try (PublishingPreviews.Publication publication = publishing().start(job, work.resolve("previews"), false, JobControl.DETACHED)) {
            publication.upload("hls/240p/seg_00001.m4s");
            // nothing of the old set is touched before finish
            assertThat(new String(stored(job, "manifest.json"))).isEqualTo("{}");
            assertThat(new String(stored(job, "hls/240p/seg_00001.m4s"))).isEqualTo("old");
            publication.finish(files -> manifest(job, new Transcoded(work.resolve("previews"), List.of(), 1), files));
        }
        assertThat(new String(stored(job, "hls/240p/seg_00001.m4s"))).isEqualTo("new");
        assertThat(new String(stored(job, "manifest.json"))).contains(job.jobId().toString());
    }

    @Test
    void earlyUploadsStartByRemovingAnIncompleteSetsManifest() {
        JobMessage job = job();
        String manifestKey = StorageKeys.manifest(job.assetId(), job.versionId());
        s3.putObject(put -> put.bucket(storage.buckets().previews()).key(manifestKey), RequestBody.fromString("not ours"));
        try (PublishingPreviews.Publication ignored = publishing().start(job, work, true, JobControl.DETACHED)) {
            assertThat(exists(manifestKey)).isFalse();
        }
    }

    boolean exists(String key) {
        try {
            s3.headObject(head -> head.bucket(storage.buckets().previews()).key(key));
            return true;
        } catch (NoSuchKeyException missing) {
            return false;
        }
    }
}
