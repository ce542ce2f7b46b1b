package io.reelport.backend.platform;

import io.reelport.common.jwt.JwtProperties;
import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.redis.RedisNamespace;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

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

    @Bean(destroyMethod = "close")
    S3Presigner s3Presigner(StorageProperties storage) {
        return S3Clients.presigner(storage);
    }

    /** One pub/sub connection for every Redis channel the backend listens on. */
    @Bean
    RedisMessageListenerContainer redisListeners(RedisConnectionFactory connections) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        return container;
    }

    /** The backend presigns uploads into staging and deletes previews and staging objects. */
    @Bean
    StorageHealthIndicator storageHealthIndicator(S3Client s3, StorageProperties storage) {
        return new StorageHealthIndicator(s3, List.of(storage.buckets().staging(), storage.buckets().previews()));
    }
}
