package io.reelport.edge.platform;

import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenVerifier;
import io.reelport.common.storage.StorageProperties;
import io.reelport.edge.storage.BucketClients;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/** The edge's connections: clock, token verifier and the HTTP clients for the previews bucket. */
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

    /** The previews bucket's clients, on the server's own event loops (see {@link BucketClients}). */
    @Bean(destroyMethod = "dispose")
    BucketClients bucketClients(ReactorResourceFactory resources, EdgeProperties edge) {
        return BucketClients.on(resources.getLoopResources().onServer(true), edge.upstreamTimeout());
    }
}
