package io.reelport.worker.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything an operator can tune on a worker ({@code reelport.worker.*}; the environment
 * variables are mapped in {@code application.yml} and listed in docs/worker.md).
 *
 * @param consumerName   this instance's name in the consumer group; blank: host, pid and a random
 *                       suffix, so two instances never share pending entries by accident
 * @param concurrency    jobs in parallel; 0: one per four cores (at least one), because each job's
 *                       ffmpeg already runs every rung in parallel
 * @param tempDir        where sources and outputs are staged; one directory per job, deleted after
 * @param claimTimeout   how long an entry may sit idle in another consumer's pending list before it
 *                       is reclaimed; running jobs refresh their claim four times per period
 * @param maxAttempts    deliveries of one job (retries and reclaims) before it is dead-lettered
 * @param retryBackoff   delay before the second attempt; doubled for every further attempt
 * @param shutdownGrace  how long a stopping worker lets running jobs finish before it abandons
 *                       them to be reclaimed; keep below the platform's termination grace period
 * @param mastersRetentionDays Object Lock retention on masters; 0: none
 * @param minFreeSpace   temporary space kept free beyond a job's own estimate
 */
@ConfigurationProperties("reelport.worker")
@Validated
public record WorkerProperties(
        String consumerName,
        @Min(0) @Max(64) @DefaultValue("0") int concurrency,
        @NotNull Path tempDir,
        @NotNull @DefaultValue("2m") Duration claimTimeout,
        @NotNull @DefaultValue("2s") Duration pollTimeout,
        @Min(1) @Max(100) @DefaultValue("5") int maxAttempts,
        @NotNull @DefaultValue("10s") Duration retryBackoff,
        @NotNull @DefaultValue("10m") Duration maxRetryBackoff,
        @NotNull @DefaultValue("270s") Duration shutdownGrace,
        @Min(0) @Max(36500) @DefaultValue("0") int mastersRetentionDays,
        @NotBlank @DefaultValue("GOVERNANCE") String mastersRetentionMode,
        @NotNull @DefaultValue("5GB") DataSize multipartCopyThreshold,
        @NotNull @DefaultValue("512MB") DataSize multipartCopyPartSize,
        @NotNull @DefaultValue("256MB") DataSize minFreeSpace,
        @NotNull @Valid @DefaultValue Ffmpeg ffmpeg,
        @NotNull @Valid @DefaultValue Previews previews) {

    public WorkerProperties {
        if (consumerName == null || consumerName.isBlank()) {
            consumerName = defaultConsumerName();
        }
        if (claimTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("reelport.worker.claim-timeout must be at least 1s");
        }
    }

    /** The number of jobs this instance runs at once. */
    public int effectiveConcurrency() {
        return concurrency > 0 ? concurrency : Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
    }

    /**
     * How ffmpeg runs.
     *
     * @param path           {@code FFMPEG_PATH}; blank: the bundled one
     * @param probePath      {@code FFPROBE_PATH}; blank: the bundled one
     * @param threads        {@code -threads} per encoder; 0: ffmpeg decides
     * @param preset         x264 preset of the ladder
     * @param nvenc          use NVIDIA's encoder when this ffmpeg has it and a GPU answers
     * @param timeoutFactor  a transcode may take this many times the media's duration ...
     * @param minTimeout     ... but never less than this
     */
    public record Ffmpeg(
            String path,
            String probePath,
            @Min(0) @Max(64) @DefaultValue("0") int threads,
            @NotBlank @DefaultValue("veryfast") String preset,
            @DefaultValue("false") boolean nvenc,
            @DecimalMin("0.0") @DefaultValue("10") double timeoutFactor,
            @NotNull @DefaultValue("2m") Duration minTimeout) {
    }

    /**
     * What a version's previews look like.
     *
     * @param ladder          {@code name:short-side:kbps} rungs, e.g. {@code 720p:720:2800}; rungs above
     *                        the source are skipped
     * @param segmentSeconds  HLS segment length; every rung has a keyframe at each boundary
     */
    public record Previews(
            @NotBlank @DefaultValue(DEFAULT_LADDER) String ladder,
            @Min(1) @Max(30) @DefaultValue("4") int segmentSeconds,
            @Min(32) @Max(640) @DefaultValue("160") int thumbnailWidth,
            @Min(1) @Max(1000) @DefaultValue("100") int maxThumbnails,
            @Min(144) @Max(1080) @DefaultValue("360") int mp4ShortSide,
            @Min(100) @DefaultValue("800") int mp4VideoKbps,
            @Min(32) @Max(512) @DefaultValue("128") int audioKbps) {
    }

    public static final String DEFAULT_LADDER =
            "240p:240:400,360p:360:800,480p:480:1400,720p:720:2800,1080p:1080:5000,1440p:1440:9000,2160p:2160:16000";

    private static String defaultConsumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception unknown) {
            host = "worker";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
