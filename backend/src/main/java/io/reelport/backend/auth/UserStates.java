package io.reelport.backend.auth;

import io.reelport.backend.user.UserAccessChanged;
import io.reelport.common.redis.RedisNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What the bearer check needs of a user (role, enabled, token version), read from PostgreSQL and
 * kept for {@code AUTH_USER_STATE_TTL} (default 1 s), so that a client's burst of requests costs
 * one primary-key read instead of one each.
 *
 * <p>Revocation stays immediate in the normal case: when an account's access changes
 * ({@link UserAccessChanged}, after the commit) this instance forgets the user at once and tells
 * every other instance over a Redis channel to do the same. Only if that message is lost (Redis
 * unreachable at that moment) can another instance honour an old token for up to the TTL, which
 * bounds how long a revocation can take (docs/security.md).
 */
@Component
class UserStates {

    private static final Logger log = LoggerFactory.getLogger(UserStates.class);
    // Far more users than one instance serves within a TTL; past it, start afresh rather than grow.
    private static final int MAX_ENTRIES = 10_000;

    /** What the check needs of the user, as stored. */
    record UserState(Role role, boolean enabled, long tokenVersion) {
    }

    private record Entry(UserState state, long readAtNanos) {
    }

    private final JdbcClient jdbc;
    private final StringRedisTemplate redis;
    private final String channel;
    private final long ttlNanos;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    UserStates(JdbcClient jdbc, StringRedisTemplate redis, RedisNamespace names, RedisMessageListenerContainer listeners,
               AuthProperties properties) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.channel = names.key("user-access-changed");
        this.ttlNanos = properties.userStateTtl().toNanos();
        listeners.addMessageListener((message, pattern) -> forgetNoticed(new String(message.getBody(), StandardCharsets.UTF_8)),
                new ChannelTopic(channel));
    }

    /** The user as stored at most the TTL ago; empty when there is no such user. */
    Optional<UserState> current(UUID userId) {
        Entry entry = entries.get(userId);
        if (fresh(entry)) {
            return Optional.of(entry.state());
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        // One read per user when the copy runs out, not one per request that arrives meanwhile:
        // compute holds the others back until the first has read the row.
        Entry read = entries.compute(userId, (id, current) -> fresh(current) ? current : read(id));
        return read == null ? Optional.empty() : Optional.of(read.state());
    }

    private boolean fresh(Entry entry) {
        return entry != null && System.nanoTime() - entry.readAtNanos() < ttlNanos;
    }

    /** The row as stored now, or null when there is no such user (compute then keeps no entry). */
    private Entry read(UUID userId) {
        long now = System.nanoTime();
        return jdbc.sql("SELECT role, enabled, token_version FROM users WHERE id = ?")
                .param(userId)
                .query((row, number) -> new Entry(
                        new UserState(Role.valueOf(row.getString(1)), row.getBoolean(2), row.getLong(3)), now))
                .optional().orElse(null);
    }

    /** After the change is committed: forget the user here, then on every other instance. */
    @TransactionalEventListener(fallbackExecution = true)
    void accessChanged(UserAccessChanged changed) {
        forget(changed.userId());
        try {
            redis.convertAndSend(channel, changed.userId().toString());
        } catch (RuntimeException unavailable) {
            log.warn("Could not tell other instances that user {} changed; they notice within {}: {}",
                    changed.userId(), Duration.ofNanos(ttlNanos), unavailable.toString());
        }
    }

    private void forget(UUID userId) {
        entries.remove(userId);
    }

    /** Another instance changed a user's access. */
    private void forgetNoticed(String userId) {
        try {
            forget(UUID.fromString(userId));
        } catch (IllegalArgumentException notAUserId) {
            log.warn("Ignoring a message on {} that is not a user id", channel);
        }
    }

    String channel() {
        return channel;
    }
}
