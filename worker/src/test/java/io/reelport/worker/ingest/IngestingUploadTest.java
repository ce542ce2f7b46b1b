package io.reelport.worker.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.JobType;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageKeys;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.s3.TestS3;
import io.reelport.worker.job.JobControl;
import io.reelport.worker.job.JobFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Ingest against s3proxy: hashing while downloading, the copy into masters, refusals. */
class IngestingUploadTest {

    static StorageProperties storage;
    static S3Client s3;
    static byte[] upload;
    static String uploadSha256;

    @TempDir
    Path work;

    @BeforeAll
    static void storage() throws Exception {
        storage = TestS3.createBuckets();
        s3 = S3Clients.client(storage);
        upload = new byte[6 * 1024 * 1024 + 12345];
        new Random(5).nextBytes(upload);
        uploadSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upload));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    IngestingUpload ingesting(DataSize multipartThreshold, DataSize minFree) {
        MastersRetention noRetention = new MastersRetention(s3, storage.buckets().masters(), 0, "GOVERNANCE", Clock.systemUTC());
        return new IngestingUpload(s3, storage.buckets(), noRetention, multipartThreshold, DataSize.ofMegabytes(5), minFree);
    }

    JobMessage staged(JobType type, String sha256) {
        UUID asset = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        String staging = StorageKeys.STAGING + asset + "/" + UUID.randomUUID() + "/clip.mov";
        s3.putObject(put -> put.bucket(storage.buckets().staging()).key(staging), RequestBody.fromBytes(upload));
        return new JobMessage(UUID.randomUUID(), type, asset, version, 1, staging, StorageKeys.master(asset, version, "mov"),
                StorageKeys.previewPrefix(asset, version), sha256, upload.length, "default", null, null, Instant.now());
    }

    @Test
    void aLargeUploadIsHashedAndCopiedToMastersInParts() throws Exception {
        JobMessage job = staged(JobType.INGEST_AND_TRANSCODE, uploadSha256);
        IngestingUpload ingest = ingesting(DataSize.ofMegabytes(1), DataSize.ofBytes(0));

        Source source = ingest.fetch(job, work, JobControl.DETACHED);
        assertThat(source.sha256()).isEqualTo(uploadSha256);
        assertThat(source.bytes()).isEqualTo(upload.length);
        assertThat(source.file().getFileName().toString()).isEqualTo("source.mov");
        assertThat(Files.readAllBytes(source.file())).isEqualTo(upload);

        ingest.copyToMasters(job, source);
        byte[] master = s3.getObjectAsBytes(get -> get.bucket(storage.buckets().masters()).key(job.masterKey())).asByteArray();
        assertThat(master).isEqualTo(upload);
        assertThat(s3.headObject(head -> head.bucket(storage.buckets().masters()).key(job.masterKey())).metadata())
                .containsEntry("sha256", uploadSha256);
    }

    @Test
    void aReprocessReadsTheMaster() {
        JobMessage ingestJob = staged(JobType.INGEST_AND_TRANSCODE, null);
        IngestingUpload ingest = ingesting(DataSize.ofGigabytes(5), DataSize.ofBytes(0));
        ingest.copyToMasters(ingestJob, ingest.fetch(ingestJob, work, JobControl.DETACHED));
        s3.deleteObject(delete -> delete.bucket(storage.buckets().staging()).key(ingestJob.stagingKey()));

        JobMessage reprocess = new JobMessage(UUID.randomUUID(), JobType.TRANSCODE, ingestJob.assetId(), ingestJob.versionId(), 1,
                null, ingestJob.masterKey(), ingestJob.previewPrefix(), null, upload.length, "default", null, null, Instant.now());
        Source source = ingest.fetch(reprocess, work.resolve(".."), JobControl.DETACHED);
        assertThat(source.fromStaging()).isFalse();
        assertThat(source.sha256()).isEqualTo(uploadSha256);
        // a redelivered ingest whose upload has expired reads the master an earlier attempt copied
        assertThat(ingest.fetch(ingestJob, work, JobControl.DETACHED).fromStaging()).isFalse();
    }

    @Test
    void refusesAJobTheTemporaryDiskCannotHold() {
        JobMessage job = staged(JobType.INGEST_AND_TRANSCODE, uploadSha256);
        IngestingUpload ingest = ingesting(DataSize.ofGigabytes(5), DataSize.ofTerabytes(1024));
        assertThatThrownBy(() -> ingest.checkFreeSpace(job, work)).isInstanceOfSatisfying(JobFailure.class, failure -> {
            assertThat(failure.code()).isEqualTo(JobFailure.INSUFFICIENT_TEMP_SPACE);
            assertThat(failure.retryable()).isTrue();
        });
        ingesting(DataSize.ofGigabytes(5), DataSize.ofBytes(0)).checkFreeSpace(job, work);
    }

    @Test
    void aMissingMasterIsNotRetried() {
        UUID asset = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        JobMessage reprocess = new JobMessage(UUID.randomUUID(), JobType.TRANSCODE, asset, version, 1, null,
                StorageKeys.master(asset, version, "mp4"), StorageKeys.previewPrefix(asset, version), null, 10, "default",
                null, null, Instant.now());
        assertThatThrownBy(() -> ingesting(DataSize.ofGigabytes(5), DataSize.ofBytes(0)).fetch(reprocess, work, JobControl.DETACHED))
                .isInstanceOfSatisfying(JobFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(JobFailure.SOURCE_MISSING);
                    assertThat(failure.retryable()).isFalse();
                });
    }

    @Test
    void retentionAskedOfAStoreWithoutObjectLockCopiesMastersWithoutIt() {
        // s3proxy, like DigitalOcean Spaces, has no Object Lock: the worker asks once, warns, and
        // keeps ingesting rather than failing every job.
        MastersRetention sevenDays = new MastersRetention(s3, storage.buckets().masters(), 7, "GOVERNANCE", Clock.systemUTC());
        assertThat(sevenDays.supported()).isFalse();
        assertThat(sevenDays.lockForNewMaster()).isEmpty();

        JobMessage job = staged(JobType.INGEST_AND_TRANSCODE, uploadSha256);
        IngestingUpload ingest = new IngestingUpload(s3, storage.buckets(), sevenDays, DataSize.ofGigabytes(5),
                DataSize.ofMegabytes(5), DataSize.ofBytes(0));
        ingest.copyToMasters(job, ingest.fetch(job, work, JobControl.DETACHED));
        assertThat(s3.headObject(head -> head.bucket(storage.buckets().masters()).key(job.masterKey())).metadata())
                .containsEntry("sha256", uploadSha256);
    }

    @Test
    void anUnknownRetentionModeIsRefusedAtStartup() {
        assertThatThrownBy(() -> new MastersRetention(s3, storage.buckets().masters(), 7, "FOREVER", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOVERNANCE or COMPLIANCE");
    }

    @Test
    void noRetentionAsksNothingOfTheStore() {
        MastersRetention off = new MastersRetention(s3, "no-such-bucket", 0, "COMPLIANCE", Clock.systemUTC());
        assertThat(off.supported()).isFalse();
        assertThat(off.lockForNewMaster()).isEmpty();
    }
}
