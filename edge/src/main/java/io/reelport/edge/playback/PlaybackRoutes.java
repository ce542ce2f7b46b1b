package io.reelport.edge.playback;

import io.reelport.edge.cache.DiskCache;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.platform.EdgeProperties;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlaybackRoutes {

    /**
     * Every method and every path under {@code /p/}, matched on the raw path and handed straight to
     * {@link ServingPlayback} by Reactor Netty, ahead of Spring WebFlux (which keeps every other path:
     * actuator, errors). A playlist hit is a few microseconds of work, and WebFlux's exchange, handler
     * mappings, filter chain, observation and response builder cost several times that per request
     * (profiled in docs/benchmarks.md, "Edge delivery"); playback has its own meters and access log.
     * The handler answers 405 and 400 itself, so path tricks reach the verifier as sent rather than
     * normalised or refused by routing first.
     */
    @Bean
    NettyRouteProvider playbackRoute(ServingPlayback serving) {
        return routes -> routes.route(request -> ServingPlayback.isPlayback(request.uri()), serving::serve);
    }

    @Bean
    DiskCache diskCache(EdgeProperties properties, EdgeMetrics metrics) {
        return new DiskCache(properties.cache().dir(), properties.cache().maxSize().toBytes(), metrics);
    }
}
