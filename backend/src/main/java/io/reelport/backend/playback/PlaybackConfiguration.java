package io.reelport.backend.playback;

import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenSigner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlaybackConfiguration {

    @Bean
    PlaybackTokenSigner playbackTokenSigner(PlaybackKeyProperties keys) {
        return new PlaybackTokenSigner(keys.signingRing());
    }
}
