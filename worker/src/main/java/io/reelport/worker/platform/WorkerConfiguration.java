package io.reelport.worker.platform;

import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelport.common.media.FfmpegBinaries;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.StorageProperties;
import io.reelport.worker.ingest.IngestingUpload;
import io.reelport.worker.ingest.MastersRetention;
import io.reelport.worker.job.EventSequence;
import io.reelport.worker.job.HandlingJob;
import io.reelport.worker.job.JobConsumer;
import io.reelport.worker.job.JobStreams;
import io.reelport.worker.job.WorkerMetrics;
import io.reelport.worker.preview.PublishingPreviews;
import io.reelport.worker.transcode.ChoosingEncoder;
import io.reelport.worker.transcode.ProbingMedia;
import io.reelport.worker.transcode.TranscodingMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the worker's use cases to the shared parts; the one place the consumer is assembled. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
class WorkerConfiguration {

    @Bean
    FfmpegBinaries ffmpegBinaries(WorkerProperties properties) {
        return FfmpegBinaries.resolve(properties.ffmpeg().path(), properties.ffmpeg().probePath());
    }

    @Bean
    MastersRetention mastersRetention(S3Client s3, StorageProperties storage, WorkerProperties properties, Clock clock) {
        return new MastersRetention(s3, storage.buckets().masters(), properties.mastersRetentionDays(),
                properties.mastersRetentionMode(), clock);
    }

    @Bean
    IngestingUpload ingestingUpload(S3Client s3, StorageProperties storage, MastersRetention retention,
                                    WorkerProperties properties) {
        return new IngestingUpload(s3, storage.buckets(), retention, properties.multipartCopyThreshold(),
                properties.multipartCopyPartSize(), properties.minFreeSpace());
    }

    @Bean
    ProbingMedia probingMedia(FfmpegBinaries binaries) {
        return new ProbingMedia(binaries);
    }

    @Bean
    TranscodingMedia transcodingMedia(FfmpegBinaries binaries, WorkerProperties properties) {
        try {
            Files.createDirectories(properties.tempDir());
        } catch (IOException e) {
            throw new UncheckedIOException("WORKER_TEMP_DIR " + properties.tempDir() + " cannot be created", e);
        }
        boolean nvenc = ChoosingEncoder.useNvenc(properties.ffmpeg().nvenc(), binaries, properties.tempDir());
        return new TranscodingMedia(binaries, properties.ffmpeg(), properties.previews(), nvenc);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService previewUploads() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "preview-upload-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    PublishingPreviews publishingPreviews(S3Client s3, StorageProperties storage, ExecutorService previewUploads) {
        return new PublishingPreviews(s3, storage.buckets().previews(), previewUploads);
    }

    @Bean
    EventSequence eventSequence(Clock clock) {
        return new EventSequence(clock);
    }

    /** Connections of its own on the client Boot configured from {@code REDIS_URL}. */
    @Bean(destroyMethod = "close")
    JobStreams jobStreams(RedisConnectionFactory connections, RedisNamespace names, WorkerProperties properties) {
        RedisClient client = (RedisClient) ((LettuceConnectionFactory) connections).getRequiredNativeClient();
        return new JobStreams(names, properties.consumerName(), client.connect(StringCodec.UTF8), client.connect(StringCodec.UTF8));
    }

    @Bean
    WorkerMetrics workerMetrics(MeterRegistry registry, RunningJobs holder) {
        return new WorkerMetrics(registry, holder::running);
    }

    /** Breaks the cycle metrics → consumer → handler → metrics for the running-jobs gauge. */
    @Bean
    RunningJobs runningJobs() {
        return new RunningJobs();
    }

    static final class RunningJobs {
        private volatile JobConsumer consumer;

        int running() {
            JobConsumer current = consumer;
            return current == null ? 0 : current.runningJobs();
        }
    }

    @Bean
    HandlingJob handlingJob(IngestingUpload ingesting, ProbingMedia probing, TranscodingMedia transcoding,
                            PublishingPreviews publishing, WorkerMetrics metrics, WorkerProperties properties,
                            ExecutorService previewUploads, Clock clock) {
        return new HandlingJob(ingesting, probing, transcoding, publishing, metrics, properties.tempDir(), previewUploads, clock);
    }

    @Bean
    JobConsumer jobConsumer(JobStreams streams, HandlingJob handling, WorkerProperties properties, WorkerMetrics metrics,
                            EventSequence sequence, Clock clock, RunningJobs holder) {
        JobConsumer consumer = new JobConsumer(streams, handling, properties, metrics, sequence, clock);
        holder.consumer = consumer;
        return consumer;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reportRetention(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(MastersRetention.class).reportAtStartup();
    }
}
