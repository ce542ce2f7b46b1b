package io.reelport.worker.job;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.media.TestFfmpeg;
import io.reelport.worker.ingest.IngestingUpload;
import io.reelport.worker.ingest.MastersRetention;
import io.reelport.worker.platform.WorkerProperties;
import io.reelport.worker.preview.PublishingPreviews;
import io.reelport.worker.transcode.ProbingMedia;
import io.reelport.worker.transcode.TranscodingMedia;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Worker instances assembled from the same classes the application wires, without a Spring
 * context: a test can run several against one Redis namespace, stop or crash one, and point one at
 * storage through a proxy it can cut.
 */
final class WorkerFixture implements AutoCloseable {

    private final String redisUrl;
    private final RedisNamespace names;
    private final RedisClient client;
    private final List<AutoCloseable> closing = new ArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    WorkerFixture(String redisUrl, RedisNamespace names) {
        this.redisUrl = redisUrl;
        this.names = names;
        this.client = RedisClient.create(redisUrl);
    }

    static WorkerProperties properties(String name, Path tempDir, Duration claimTimeout, int maxAttempts) {
        return new WorkerProperties(name, 1, tempDir, claimTimeout, Duration.ofMillis(300), maxAttempts,
                Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, "GOVERNANCE",
                DataSize.ofGigabytes(5), DataSize.ofMegabytes(512), DataSize.ofMegabytes(1),
                new WorkerProperties.Ffmpeg(null, null, 0, "ultrafast", false, 10, Duration.ofMinutes(2)),
                new WorkerProperties.Previews(WorkerProperties.DEFAULT_LADDER, 2, 160, 100, 360, 800, 128));
    }

    /** A worker instance (not started) talking to {@code storage}. */
    JobConsumer worker(WorkerProperties properties, StorageProperties storage) {
        S3Client s3 = S3Clients.client(storage);
        closing.add(s3);
        ExecutorService uploads = Executors.newFixedThreadPool(4);
        closing.add(uploads::shutdownNow);
        Clock clock = Clock.systemUTC();
        JobStreams streams = new JobStreams(names, properties.consumerName(), client.connect(), client.connect());
        closing.add(streams);
        WorkerMetrics metrics = new WorkerMetrics(registry, () -> 0);
        HandlingJob handling = new HandlingJob(
                new IngestingUpload(s3, storage.buckets(), new MastersRetention(s3, storage.buckets().masters(),
                        properties.mastersRetentionDays(), properties.mastersRetentionMode(), clock),
                        properties.multipartCopyThreshold(), properties.multipartCopyPartSize(), properties.minFreeSpace()),
                new ProbingMedia(TestFfmpeg.binaries()),
                new TranscodingMedia(TestFfmpeg.binaries(), properties.ffmpeg(), properties.previews(), false),
                new PublishingPreviews(s3, storage.buckets().previews(), uploads),
                metrics, properties.tempDir(), uploads, clock);
        JobConsumer consumer = new JobConsumer(streams, handling, properties, metrics, new EventSequence(clock), clock);
        closing.add(0, () -> {
            if (consumer.isRunning()) {
                consumer.crash();
            }
        });
        return consumer;
    }

    String redisUrl() {
        return redisUrl;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
        client.shutdown();
    }
}
