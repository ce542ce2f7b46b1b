package io.reelport.backend.job;

import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.MessageFormatException;
import io.reelport.common.redis.RedisNamespace;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads worker events from {@code reelport:events} in the consumer group {@code backend}: each
 * instance gets its share. An entry is acknowledged once applied (or found malformed); one whose
 * application failed stays pending and is read again, by this instance on its next pass or, if
 * the instance died, by another one: every pass that finds nothing of its own pending takes over
 * entries idle longer than {@code reelport.jobs.events-claim-idle} (XAUTOCLAIM, atomic, so two
 * live instances never both take one) and applies them before reading new ones.
 */
@Component
public class JobEventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobEventsConsumer.class);
    private static final int BATCH = 32;
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(2);

    private final StringRedisTemplate redis;
    private final RedisNamespace names;
    private final ApplyingJobEvent applying;
    private final ProgressFanOut fanOut;
    private final JobsProperties properties;
    private final String consumerName = "backend-" + ManagementFactory.getRuntimeMXBean().getName() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running;
    private volatile boolean groupReady;
    private Thread thread;
    // Where the next XAUTOCLAIM continues its walk through the group's pending entries.
    private String claimCursor = "0-0";

    JobEventsConsumer(StringRedisTemplate redis, RedisNamespace names, ApplyingJobEvent applying, ProgressFanOut fanOut,
                      JobsProperties properties) {
        this.redis = redis;
        this.names = names;
        this.applying = applying;
        this.fanOut = fanOut;
        this.properties = properties;
    }

    /** Reads and applies one batch: this consumer's pending entries first, then new ones. Returns how many. */
    public int consumeOnce(Duration block) {
        if (!groupReady) {
            ensureGroup();
            groupReady = true;
        }
        StreamOperations<String, Object, Object> streams = redis.opsForStream();
        Consumer consumer = Consumer.from(RedisNamespace.BACKEND_GROUP, consumerName);
        List<MapRecord<String, Object, Object>> pending = streams.read(consumer, StreamReadOptions.empty().count(BATCH),
                StreamOffset.create(names.eventsStream(), ReadOffset.from("0")));
        if (pending != null && !pending.isEmpty()) {
            return handle(pending);
        }
        if (claimAbandoned() > 0) {
            List<MapRecord<String, Object, Object>> claimed = streams.read(consumer,
                    StreamReadOptions.empty().count(BATCH), StreamOffset.create(names.eventsStream(), ReadOffset.from("0")));
            return claimed == null ? 0 : handle(claimed);
        }
        List<MapRecord<String, Object, Object>> fresh = streams.read(consumer,
                StreamReadOptions.empty().count(BATCH).block(block),
                StreamOffset.create(names.eventsStream(), ReadOffset.lastConsumed()));
        return fresh == null ? 0 : handle(fresh);
    }

    private int handle(List<MapRecord<String, Object, Object>> records) {
        int handled = 0;
        for (MapRecord<String, Object, Object> record : records) {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            record.getValue().forEach((name, value) -> fields.put(String.valueOf(name), String.valueOf(value)));
            JobEvent event;
            try {
                event = JobEvent.fromFields(fields);
            } catch (MessageFormatException malformed) {
                // Reading it again cannot help; acknowledge so it does not block the ones behind it.
                log.error("Dropping malformed event {} from {}: {}", record.getId(), names.eventsStream(), malformed.getMessage());
                acknowledge(record.getId());
                continue;
            }
            Optional<AssetProgress> applied = applying.apply(event);
            acknowledge(record.getId());
            applied.ifPresent(fanOut::publish);
            handled++;
        }
        return handled;
    }

    private void acknowledge(RecordId id) {
        redis.opsForStream().acknowledge(names.eventsStream(), RedisNamespace.BACKEND_GROUP, id);
    }

    /**
     * Takes over entries another instance read but never acknowledged (it died or lost Redis) once
     * they have been idle for the claim timeout; they become this consumer's pending entries.
     * Spring Data Redis has no XAUTOCLAIM, so this goes to Lettuce's command directly.
     *
     * @return how many entries were claimed
     */
    @SuppressWarnings("unchecked")
    private int claimAbandoned() {
        byte[] stream = names.eventsStream().getBytes(StandardCharsets.UTF_8);
        io.lettuce.core.Consumer<byte[]> self = io.lettuce.core.Consumer.from(
                RedisNamespace.BACKEND_GROUP.getBytes(StandardCharsets.UTF_8), consumerName.getBytes(StandardCharsets.UTF_8));
        XAutoClaimArgs<byte[]> args = XAutoClaimArgs.Builder.xautoclaim(self, properties.eventsClaimIdle(), claimCursor)
                .count(BATCH).justid();
        ClaimedMessages<byte[], byte[]> claimed = redis.execute((RedisCallback<ClaimedMessages<byte[], byte[]>>) connection ->
                LettuceFutures.awaitOrCancel(((RedisStreamAsyncCommands<byte[], byte[]>) connection.getNativeConnection())
                        .xautoclaim(stream, args), CLAIM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        claimCursor = claimed == null || claimed.getId() == null ? "0-0" : claimed.getId();
        int count = claimed == null ? 0 : claimed.getMessages().size();
        if (count > 0) {
            log.info("Claimed {} event(s) another backend instance read and left unacknowledged for over {}", count,
                    properties.eventsClaimIdle());
        }
        return count;
    }

    private void ensureGroup() {
        try {
            redis.opsForStream().createGroup(names.eventsStream(), ReadOffset.from("0"), RedisNamespace.BACKEND_GROUP);
        } catch (RedisSystemException exists) {
            if (!String.valueOf(exists.getMostSpecificCause().getMessage()).contains("BUSYGROUP")) {
                throw exists;
            }
        }
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                consumeOnce(properties.eventsBlock());
                backoff = Duration.ofMillis(500);
            } catch (RuntimeException failed) {
                if (!running) {
                    return;
                }
                // Redis may have come back empty (a restart without persistence): make the group again.
                groupReady = false;
                log.warn("Events consumer failed, retrying in {} ms: {}", backoff.toMillis(), failed.toString());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException stopping) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (!properties.eventsEnabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "job-events-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(properties.eventsBlock().toMillis() + 3_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
