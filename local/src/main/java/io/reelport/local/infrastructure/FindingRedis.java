package io.reelport.local.infrastructure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reelport.local.LaunchException;
import io.reelport.local.LocalProperties;
import io.reelport.local.process.LogFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis that backend and worker will share, as a {@code REDIS_URL}, found in this order:
 * <ol>
 *   <li>{@code REDIS_URL} ({@code redis://} or {@code rediss://}): when set, the only candidate;</li>
 *   <li>a server answering {@code PING} on {@code 127.0.0.1:6379} (one that wants a password is
 *       not ours to guess: name it in {@code REDIS_URL});</li>
 *   <li>embedded Redis on port 16379, its append-only file in {@code .reelport/redis}.</li>
 * </ol>
 */
public final class FindingRedis {

    private static final Logger log = LoggerFactory.getLogger(FindingRedis.class);

    private final LocalProperties.Redis settings;
    private final Path dataDirectory;
    private final Path binDirectory;
    private final LogFiles logs;

    public FindingRedis(LocalProperties.Redis settings, Path dataDirectory, Path binDirectory, LogFiles logs) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.binDirectory = binDirectory;
        this.logs = logs;
    }

    /** @return the {@code REDIS_URL} for backend and worker */
    public Found<String> find() {
        if (settings.isGiven()) {
            return given();
        }
        if (settings.localPort() > 0) {
            String answer = RedisPing.ping(settings.localPort());
            if ("+PONG".equals(answer)) {
                String url = "redis://127.0.0.1:" + settings.localPort();
                return Found.existing(url, "local server 127.0.0.1:" + settings.localPort() + ", namespace " + settings.namespace());
            }
            if (answer.startsWith("-NOAUTH")) {
                log.info("Redis on 127.0.0.1:{} wants a password; starting an embedded one (set REDIS_URL=redis://:password@127.0.0.1:{} to use it)",
                        settings.localPort(), settings.localPort());
            }
        }
        EmbeddedRedis redis = EmbeddedRedis.start(dataDirectory, settings.embeddedPort(), binDirectory, logs.startNew("redis"));
        return Found.started(redis.url(), "embedded Redis 127.0.0.1:" + settings.embeddedPort() + ", namespace "
                + settings.namespace() + ", data " + dataDirectory, redis);
    }

    private Found<String> given() {
        RedisURI uri;
        try {
            uri = RedisURI.create(settings.url());
        } catch (IllegalArgumentException e) {
            throw new LaunchException("REDIS_URL is not a Redis URL (redis://[:password@]host:port or rediss://...): " + e.getMessage());
        }
        uri.setTimeout(Duration.ofSeconds(3));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
            return Found.existing(settings.url(), "REDIS_URL " + uri.getHost() + ":" + uri.getPort() + ", namespace " + settings.namespace());
        } catch (RuntimeException e) {
            throw new LaunchException("REDIS_URL (" + uri.getHost() + ":" + uri.getPort() + ") does not answer: " + e.getMessage(), e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
