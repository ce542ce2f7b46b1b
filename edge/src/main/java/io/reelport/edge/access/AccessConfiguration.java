package io.reelport.edge.access;

import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.platform.EdgeProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.logging.AccessLog;

/** Who may call the edge, how often, and what is written down about each call. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    /**
     * Browser players on other origins: simple GETs with Range and validators, and the headers a
     * player reads back to seek (hls.js reads Content-Range and Content-Length).
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    CorsWebFilter corsWebFilter(EdgeProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        List<String> origins = properties.corsAllowedOrigins();
        if (origins.contains("*")) {
            cors.addAllowedOriginPattern("*");
        } else {
            cors.setAllowedOrigins(origins);
        }
        cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name()));
        cors.setAllowedHeaders(List.of(HttpHeaders.RANGE, HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE,
                HttpHeaders.IF_RANGE));
        cors.setExposedHeaders(List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES,
                HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(24));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/p/**", cors);
        return new CorsWebFilter(source);
    }

    /** Per client address, before any work: a refused request costs a map lookup. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    WebFilter rateLimitFilter(EdgeProperties properties, ClientAddresses clientAddresses, EdgeMetrics metrics) {
        EdgeProperties.RateLimit limit = properties.rateLimit();
        if (!limit.enabled()) {
            return (exchange, chain) -> chain.filter(exchange);
        }
        TokenBuckets buckets = new TokenBuckets(limit.requestsPerSecond(), limit.burst());
        return (exchange, chain) -> {
            if (!exchange.getRequest().getURI().getRawPath().startsWith("/p/")) {
                return chain.filter(exchange);
            }
            String client = clientAddresses.of(exchange.getRequest());
            if (buckets.tryTake(client == null ? "unknown" : client, System.nanoTime())) {
                return chain.filter(exchange);
            }
            metrics.request("rate_limited", "none");
            exchange.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            exchange.getResponse().getHeaders().setContentLength(0);
            return exchange.getResponse().setComplete().then(Mono.empty());
        };
    }

    /**
     * Reactor Netty's access log, with the token cut out of every URI: the token is a bearer
     * credential until it expires, and logs outlive it and travel further than they should.
     * On by default; {@code reelport.edge.access-log=false} turns it off.
     */
    @Bean
    NettyServerCustomizer redactedAccessLog(org.springframework.core.env.Environment environment) {
        boolean enabled = environment.getProperty("reelport.edge.access-log", Boolean.class, true);
        return server -> server.accessLog(enabled, arguments -> AccessLog.create(
                "{} - {} \"{} {} {}\" {} {} {}ms",
                arguments.remoteAddress() instanceof java.net.InetSocketAddress address ? address.getHostString() : "-",
                arguments.accessDateTime(), arguments.method(), RedactedUris.redact(arguments.uri()), arguments.protocol(),
                arguments.status(), arguments.contentLength(), arguments.duration()));
    }
}
