package io.reelport.worker.job;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.JobType;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.StorageKeys;
import io.reelport.common.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the backend does for a worker, done by a test: put an upload into staging, put a job on the
 * stream, read the events and dead letters that come back.
 */
public final class JobFeed implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    public final RedisCommands<String, String> redis;
    public final RedisNamespace names;
    public final S3Client s3;
    public final StorageProperties.Buckets buckets;

    public JobFeed(String redisUrl, RedisNamespace names, S3Client s3, StorageProperties.Buckets buckets) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
        this.redis = connection.sync();
        this.names = names;
        this.s3 = s3;
        this.buckets = buckets;
    }

    /** An upload in staging and the job that ingests it (declared hash correct unless changed). */
    public JobMessage upload(Path file) {
        UUID assetId = UUID.randomUUID();
        UUID versionId = UUID.randomUUID();
        String name = file.getFileName().toString();
        String stagingKey = StorageKeys.STAGING + assetId + "/" + UUID.randomUUID() + "/" + name;
        s3.putObject(put -> put.bucket(buckets.staging()).key(stagingKey), RequestBody.fromFile(file));
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        return new JobMessage(UUID.randomUUID(), JobType.INGEST_AND_TRANSCODE, assetId, versionId, 1, stagingKey,
                StorageKeys.master(assetId, versionId, ext), StorageKeys.previewPrefix(assetId, versionId), sha256(file),
                size(file), "default", null, null, Instant.now());
    }

    public static JobMessage withSha256(JobMessage job, String sha256) {
        return new JobMessage(job.jobId(), job.type(), job.assetId(), job.versionId(), job.attempt(), job.stagingKey(),
                job.masterKey(), job.previewPrefix(), sha256, job.sourceBytes(), job.profile(), job.traceParent(),
                job.correlationId(), job.enqueuedAt());
    }

    public String enqueue(JobMessage job) {
        return redis.xadd(names.jobsStream(), job.toFields());
    }

    public String enqueueRaw(Map<String, String> fields) {
        return redis.xadd(names.jobsStream(), fields);
    }

    public List<JobEvent> events(UUID jobId) {
        return redis.xrange(names.eventsStream(), Range.create("-", "+")).stream()
                .map(message -> JobEvent.fromFields(message.getBody()))
                .filter(event -> event.header().jobId().equals(jobId))
                .toList();
    }

    /** Waits for the job's {@code n}-th terminal event (succeeded or failed). */
    public JobEvent awaitTerminal(UUID jobId, int n, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> terminal(jobId).size() >= n
                ? Optional.of(terminal(jobId).get(n - 1)) : Optional.<JobEvent>empty(), Optional::isPresent).orElseThrow();
    }

    public JobEvent awaitTerminal(UUID jobId, Duration timeout) {
        return awaitTerminal(jobId, 1, timeout);
    }

    public List<JobEvent> terminal(UUID jobId) {
        return events(jobId).stream()
                .filter(event -> event instanceof JobEvent.Succeeded || event instanceof JobEvent.Failed).toList();
    }

    public List<StreamMessage<String, String>> deadLetters() {
        return redis.xrange(names.deadLetterStream(), Range.create("-", "+"));
    }

    public long pending() {
        return redis.xpending(names.jobsStream(), RedisNamespace.WORKERS_GROUP).getCount();
    }

    public List<String> previewKeys(JobMessage job) {
        return s3.listObjectsV2Paginator(list -> list.bucket(buckets.previews()).prefix(job.previewPrefix())).contents()
                .stream().map(S3Object::key).sorted().toList();
    }

    public boolean masterExists(JobMessage job) {
        return !s3.listObjectsV2(list -> list.bucket(buckets.masters()).prefix(job.masterKey())).contents().isEmpty();
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
