package io.reelport.edge.access;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.reelport.edge.platform.EdgeProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * CORS for browser players on other origins ({@code CORS_ALLOWED_ORIGINS}): simple GETs with Range
 * and validators, and the headers a player reads back to seek (hls.js reads Content-Range and
 * Content-Length). The origin, method and header checks are Spring's {@link CorsConfiguration};
 * this class applies them to playback requests, which Reactor Netty hands to the edge without
 * Spring's filter chain (see {@code PlaybackRoutes}).
 */
@Component
public class CrossOriginAccess {

    private static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private final CorsConfiguration cors = new CorsConfiguration();
    private final boolean configured;
    private final String allowedMethods;
    private final String exposedHeaders;
    private final String maxAge;

    public CrossOriginAccess(EdgeProperties properties) {
        List<String> origins = properties.corsAllowedOrigins();
        if (origins.contains("*")) {
            cors.addAllowedOriginPattern("*");
        } else {
            cors.setAllowedOrigins(origins);
        }
        cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name()));
        cors.setAllowedHeaders(List.of(org.springframework.http.HttpHeaders.RANGE,
                org.springframework.http.HttpHeaders.IF_NONE_MATCH, org.springframework.http.HttpHeaders.IF_MODIFIED_SINCE,
                org.springframework.http.HttpHeaders.IF_RANGE));
        cors.setExposedHeaders(List.of(org.springframework.http.HttpHeaders.CONTENT_LENGTH,
                org.springframework.http.HttpHeaders.CONTENT_RANGE, org.springframework.http.HttpHeaders.ACCEPT_RANGES,
                org.springframework.http.HttpHeaders.ETAG, org.springframework.http.HttpHeaders.LAST_MODIFIED));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(24));
        this.configured = !origins.isEmpty();
        this.allowedMethods = String.join(",", cors.getAllowedMethods());
        this.exposedHeaders = String.join(",", cors.getExposedHeaders());
        this.maxAge = Long.toString(cors.getMaxAge());
    }

    /** Whether any origin may fetch; answers then vary by {@code Origin}. */
    public boolean configured() {
        return configured;
    }

    /**
     * Applies CORS to a playback request. For a same-origin or non-browser request, or an allowed
     * cross-origin one (whose answer gets its {@code Access-Control-*} headers here), returns null:
     * serve it. A preflight, or a request from an origin that is not allowed ({@code 403}), is
     * answered here, and that answer is returned.
     */
    public @Nullable Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        HttpHeaders headers = request.requestHeaders();
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null || sameOrigin(origin, headers.get(HttpHeaderNames.HOST))) {
            return null;
        }
        String requestedMethod = headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        boolean preflight = request.method().name().equals("OPTIONS") && requestedMethod != null;
        String allowedOrigin = cors.checkOrigin(origin);
        HttpMethod method = HttpMethod.valueOf(preflight ? requestedMethod.trim() : request.method().name());
        List<String> allowedHeaders = preflight ? cors.checkHeaders(requestedHeaders(headers)) : List.of();
        if (allowedOrigin == null || cors.checkHttpMethod(method) == null || allowedHeaders == null) {
            return response.status(HttpResponseStatus.FORBIDDEN).header(HttpHeaderNames.CONTENT_LENGTH, "0").send();
        }
        response.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigin);
        if (!preflight) {
            response.header(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposedHeaders);
            return null;
        }
        response.header(HttpHeaderNames.VARY, PREFLIGHT_VARY)
                .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, allowedMethods)
                .header(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAge)
                .header(HttpHeaderNames.CONTENT_LENGTH, "0");
        if (!allowedHeaders.isEmpty()) {
            response.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(",", allowedHeaders));
        }
        return response.status(HttpResponseStatus.OK).send();
    }

    private static List<String> requestedHeaders(HttpHeaders headers) {
        List<String> requested = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    requested.add(name.trim());
                }
            }
        }
        return requested;
    }

    /** A page served by the edge itself fetching from it is not cross-origin (scheme aside, as the edge sees only its own hop). */
    private static boolean sameOrigin(String origin, @Nullable String host) {
        int authority = origin.indexOf("://");
        return host != null && authority > 0 && origin.substring(authority + 3).equalsIgnoreCase(host);
    }
}
