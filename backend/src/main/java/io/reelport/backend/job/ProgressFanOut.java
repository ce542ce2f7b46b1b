package io.reelport.backend.job;

import io.reelport.common.redis.RedisNamespace;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries applied events to the clients following an asset, whichever instance they are connected
 * to: the instance that applied an event publishes it on a Redis pub/sub channel, and every
 * instance hands what it receives to its own subscribers. Best effort, like server-sent events
 * themselves: a client that missed something reads the asset again.
 */
@Component
public class ProgressFanOut {

    private static final Logger log = LoggerFactory.getLogger(ProgressFanOut.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StringRedisTemplate redis;
    private final String channel;
    private final Map<UUID, Set<Consumer<AssetProgress>>> subscribers = new ConcurrentHashMap<>();

    ProgressFanOut(StringRedisTemplate redis, RedisNamespace names, RedisMessageListenerContainer listeners) {
        this.redis = redis;
        this.channel = names.key("asset-progress");
        listeners.addMessageListener((message, pattern) -> deliver(new String(message.getBody(), StandardCharsets.UTF_8)),
                new ChannelTopic(channel));
    }

    String channel() {
        return channel;
    }

    public void publish(AssetProgress progress) {
        try {
            redis.convertAndSend(channel, JSON.writeValueAsString(progress));
        } catch (RuntimeException unavailable) {
            log.warn("Could not publish progress of asset {}: {}", progress.assetId(), unavailable.toString());
        }
    }

    /** Registers a subscriber for one asset; the returned handle unsubscribes. */
    public AutoCloseable subscribe(UUID assetId, Consumer<AssetProgress> subscriber) {
        subscribers.computeIfAbsent(assetId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        return () -> subscribers.computeIfPresent(assetId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    void deliver(String message) {
        AssetProgress progress = JSON.readValue(message, AssetProgress.class);
        Set<Consumer<AssetProgress>> listeners = subscribers.get(progress.assetId());
        if (listeners == null) {
            return;
        }
        for (Consumer<AssetProgress> listener : listeners) {
            try {
                listener.accept(progress);
            } catch (RuntimeException gone) {
                log.debug("Progress subscriber of asset {} failed: {}", progress.assetId(), gone.toString());
            }
        }
    }
}
