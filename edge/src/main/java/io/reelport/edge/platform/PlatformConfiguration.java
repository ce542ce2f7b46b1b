package io.reelport.edge.platform;

import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenVerifier;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The edge's connections: clock, token verifier and a non-blocking client for the previews bucket. */
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

    @Bean(destroyMethod = "close")
    S3AsyncClient s3AsyncClient(StorageProperties storage, EdgeProperties edge) {
        // The read timeout also bounds a stall in the middle of a body, after the first byte.
        return S3Clients.asyncClient(storage, edge.upstreamTimeout());
    }
}
