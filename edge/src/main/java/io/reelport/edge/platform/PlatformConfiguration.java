package io.reelport.edge.platform;

import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenVerifier;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
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
        // Futures complete on the SDK's I/O thread rather than on a separate executor: what runs on
        // completion (creating the cache file, starting the response) is short and never blocks on
        // the network, and a cache miss saves one thread hand-over before its first byte.
        return S3Clients.asyncClient(storage, edge.upstreamTimeout(), builder -> builder.asyncConfiguration(async ->
                async.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run)));
    }
}
