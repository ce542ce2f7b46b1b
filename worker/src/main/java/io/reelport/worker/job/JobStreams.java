package io.reelport.worker.job;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.redis.RedisNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's side of the Redis Streams contract: the consumer group {@code workers} on
 * {@code {ns}:jobs}, events to {@code {ns}:events}, dead letters to {@code {ns}:jobs:dead}, and
 * retries waiting out their backoff in the sorted set {@code {ns}:jobs:delayed} (score: when they
 * are due), moved back onto the stream by a script so that a due retry is never lost or doubled.
 *
 * <p>Two connections: blocking reads hold theirs for up to the poll timeout, everything else
 * (acks, claims, events) shares the other.
 */
public final class JobStreams implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Moves due retries (members: JSON objects of the entry's fields) onto the jobs stream. */
    private static final String PROMOTE_DUE = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
            for _, member in ipairs(due) do
              local fields = cjson.decode(member)
              local args = {}
              for name, value in pairs(fields) do
                table.insert(args, name)
                table.insert(args, value)
              end
              redis.call('XADD', KEYS[2], '*', unpack(args))
              redis.call('ZREM', KEYS[1], member)
            end
            return #due
            """;

    private final RedisNamespace names;
    private final String consumerName;
    private final StatefulRedisConnection<String, String> blockingConnection;
    private final StatefulRedisConnection<String, String> sharedConnection;
    private final RedisCommands<String, String> blocking;
    private final RedisCommands<String, String> redis;
    private String reclaimCursor = "0-0";

    public JobStreams(RedisNamespace names, String consumerName, StatefulRedisConnection<String, String> blockingConnection,
                      StatefulRedisConnection<String, String> sharedConnection) {
        this.names = names;
        this.consumerName = consumerName;
        this.blockingConnection = blockingConnection;
        this.sharedConnection = sharedConnection;
        this.blocking = blockingConnection.sync();
        this.redis = sharedConnection.sync();
    }

    public String consumerName() {
        return consumerName;
    }

    public RedisNamespace names() {
        return names;
    }

    private Consumer<String> consumer() {
        return Consumer.from(io.reelport.common.redis.RedisNamespace.WORKERS_GROUP, consumerName);
    }

    /** Creates the group (from the start of the stream, so jobs enqueued before any worker ran are taken). */
    public void ensureGroup() {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(names.jobsStream(), "0"), RedisNamespace.WORKERS_GROUP,
                    XGroupCreateArgs.Builder.mkstream(true));
        } catch (RedisBusyException exists) {
            // BUSYGROUP: another worker (or the backend) created it
        }
    }

    /** New entries for this consumer, waiting up to {@code block}. */
    public List<StreamMessage<String, String>> read(int count, Duration block) {
        List<StreamMessage<String, String>> messages = blocking.xreadgroup(consumer(),
                XReadArgs.Builder.block(block).count(count), XReadArgs.StreamOffset.lastConsumed(names.jobsStream()));
        return messages == null ? List.of() : messages;
    }

    /** Entries idle in any consumer's pending list longer than {@code idle}, now this consumer's. */
    public List<StreamMessage<String, String>> reclaim(int count, Duration idle) {
        ClaimedMessages<String, String> claimed = redis.xautoclaim(names.jobsStream(),
                XAutoClaimArgs.Builder.xautoclaim(consumer(), idle, reclaimCursor).count(count));
        reclaimCursor = claimed.getId() == null ? "0-0" : claimed.getId();
        // Entries deleted from the stream come back with no body; they are simply gone.
        return claimed.getMessages().stream().filter(message -> message.getBody() != null && !message.getBody().isEmpty())
                .toList();
    }

    /** How often the entry has been delivered (1 for a first delivery). */
    public long deliveries(String id) {
        List<PendingMessage> pending = redis.xpending(names.jobsStream(), RedisNamespace.WORKERS_GROUP,
                Range.create(id, id), Limit.from(1));
        return pending.isEmpty() ? 0 : pending.get(0).getRedeliveryCount();
    }

    /** Resets the idle time of this consumer's running entries, so nobody reclaims them. */
    public void keepClaimed(List<String> ids) {
        if (!ids.isEmpty()) {
            redis.xclaim(names.jobsStream(), consumer(), XClaimArgs.Builder.justid().minIdleTime(0), ids.toArray(String[]::new));
        }
    }

    public void ack(String id) {
        redis.xack(names.jobsStream(), RedisNamespace.WORKERS_GROUP, id);
    }

    public void publish(JobEvent event) {
        redis.xadd(names.eventsStream(), event.toFields());
    }

    /** The entry, as it was, plus why it is dead, on the dead-letter stream; then acked. */
    public void deadLetter(StreamMessage<String, String> entry, String code, String message, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>(entry.getBody());
        fields.put("deadCode", code);
        fields.put("deadReason", message.length() > 2000 ? message.substring(0, 2000) : message);
        fields.put("deadAt", now.toString());
        fields.put("deadEntryId", entry.getId());
        fields.put("deadWorker", consumerName);
        redis.xadd(names.deadLetterStream(), fields);
        ack(entry.getId());
    }

    /** The job's next attempt, due at {@code due}; then the current entry is acked. */
    public void scheduleRetry(String id, JobMessage next, Instant due) {
        redis.zadd(delayedKey(), due.toEpochMilli(), JSON.writeValueAsString(next.toFields()));
        ack(id);
    }

    /** @return how many retries were due and are now back on the stream */
    public long promoteDueRetries(Instant now) {
        Long moved = redis.eval(PROMOTE_DUE, ScriptOutputType.INTEGER, new String[] {delayedKey(), names.jobsStream()},
                Long.toString(now.toEpochMilli()));
        return moved == null ? 0 : moved;
    }

    public long pendingCount() {
        return redis.xpending(names.jobsStream(), RedisNamespace.WORKERS_GROUP).getCount();
    }

    /** Entries not yet delivered to the group ({@code XINFO GROUPS} lag, Redis 7), or -1 when unknown. */
    public long lag() {
        for (Object group : redis.xinfoGroups(names.jobsStream())) {
            if (group instanceof List<?> fields) {
                Map<String, Object> byName = new LinkedHashMap<>();
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    byName.put(String.valueOf(fields.get(i)), fields.get(i + 1));
                }
                if (RedisNamespace.WORKERS_GROUP.equals(String.valueOf(byName.get("name")))) {
                    return byName.get("lag") instanceof Long lag ? lag : -1;
                }
            } else if (group instanceof Map<?, ?> map && RedisNamespace.WORKERS_GROUP.equals(String.valueOf(map.get("name")))) {
                return map.get("lag") instanceof Long lag ? lag : -1;
            }
        }
        return -1;
    }

    String delayedKey() {
        return names.key("jobs", "delayed");
    }

    @Override
    public void close() {
        blockingConnection.close();
        sharedConnection.close();
    }
}
