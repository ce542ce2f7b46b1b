package io.reelport.edge.playback;

import io.reelport.edge.cache.DiskCache;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.platform.EdgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class PlaybackRoutes {

    /**
     * Every method and every path under {@code /p/}, matched on the raw path: the handler answers
     * 405 and 400 itself, and path tricks must reach the verifier as sent rather than be normalised
     * or refused by routing first.
     */
    @Bean
    RouterFunction<ServerResponse> playbackRoute(ServingPlayback serving) {
        return RouterFunctions.route(
                request -> request.exchange().getRequest().getURI().getRawPath().startsWith(ServingPlayback.PREFIX),
                serving::serve);
    }

    @Bean
    DiskCache diskCache(EdgeProperties properties, EdgeMetrics metrics) {
        return new DiskCache(properties.cache().dir(), properties.cache().maxSize().toBytes(), metrics);
    }
}
