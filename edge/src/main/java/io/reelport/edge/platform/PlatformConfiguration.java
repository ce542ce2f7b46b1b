package io.reelport.edge.platform;

import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenVerifier;
import io.netty.channel.ChannelOption;
import io.reelport.common.storage.StorageProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The edge's connections: clock, token verifier and the HTTP client for the previews bucket. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({StorageProperties.class, PlaybackKeyProperties.class})
class PlatformConfiguration {

    /** The one clock; tests replace it to move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PlaybackTokenVerifier playbackTokenVerifier(PlaybackKeyProperties keys) {
        return new PlaybackTokenVerifier(keys.verifyingRing(), keys.clockSkew());
    }

    /**
     * The previews bucket's connections, kept open between misses. Idle ones are closed before the
     * 20 s after which S3 drops an idle keep-alive connection, so a miss rarely finds a dead one.
     */
    @Bean(destroyMethod = "dispose")
    ConnectionProvider previewBucketConnections() {
        return ConnectionProvider.builder("previews-bucket")
                .maxConnections(256)
                .maxIdleTime(Duration.ofSeconds(15))
                .build();
    }

    /**
     * The client for cache misses, on the event loops the server runs on rather than a client's own
     * loops and executors. The pool is not event-loop aware: a reused connection may belong to another
     * of these loops than the player's, which then costs one hand-over each way.
     */
    @Bean
    HttpClient previewBucketHttp(ConnectionProvider previewBucketConnections, ReactorResourceFactory resources) {
        return HttpClient.create(previewBucketConnections)
                .runOn(resources.getLoopResources())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
    }
}
