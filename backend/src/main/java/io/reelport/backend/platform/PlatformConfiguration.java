package io.reelport.backend.platform;

import io.reelport.common.jwt.JwtProperties;
import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.ObjectPresigner;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageHealthIndicator;
import io.reelport.common.storage.StorageProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import software.amazon.awssdk.services.s3.S3Client;

/** The backend's connections to the shared parts: clock, object storage, Redis names, keys. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({StorageProperties.class, RedisNamespace.class, JwtProperties.class,
        PlaybackKeyProperties.class})
class PlatformConfiguration {

    /** The one clock; tests replace it to move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    S3Client s3Client(StorageProperties storage) {
        return S3Clients.client(storage);
    }

    /** Upload URLs, signed on the one clock so that they expire when the tickets say. */
    @Bean
    ObjectPresigner objectPresigner(StorageProperties storage, Clock clock) {
        return new ObjectPresigner(storage, clock);
    }

    /**
     * One pub/sub connection for every Redis channel the backend listens on, and one thread that
     * hands its messages to the listeners in the order Redis delivered them. The container's default
     * starts a thread per message, which let a client's progress arrive out of order (a "started"
     * after the "progress" it preceded).
     */
    @Bean
    RedisMessageListenerContainer redisListeners(RedisConnectionFactory connections) {
        ThreadPoolTaskExecutor dispatch = new ThreadPoolTaskExecutor();
        dispatch.setCorePoolSize(1);
        dispatch.setMaxPoolSize(1);
        dispatch.setThreadNamePrefix("redis-listeners-");
        // Not a bean (a second executor would displace Boot's application task executor), so it is
        // not shut down with the context: a daemon thread never holds the JVM open.
        dispatch.setDaemon(true);
        dispatch.initialize();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.setTaskExecutor(dispatch);
        return container;
    }

    /** The backend presigns uploads into staging and deletes previews and staging objects. */
    @Bean
    StorageHealthIndicator storageHealthIndicator(S3Client s3, StorageProperties storage) {
        return new StorageHealthIndicator(s3, List.of(storage.buckets().staging(), storage.buckets().previews()));
    }
}
