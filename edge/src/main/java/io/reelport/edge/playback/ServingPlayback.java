package io.reelport.edge.playback;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.reelport.common.playback.PlaybackTokenVerifier;
import io.reelport.common.playback.Verification;
import io.reelport.common.storage.StorageKeys;
import io.reelport.edge.access.ClientAddresses;
import io.reelport.edge.access.CrossOriginAccess;
import io.reelport.edge.access.RateLimit;
import io.reelport.edge.cache.CachedObject;
import io.reelport.edge.cache.DiskCache;
import io.reelport.edge.cache.Fill;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.platform.EdgeProperties;
import io.reelport.edge.storage.ObjectMeta;
import io.reelport.edge.storage.PreviewBucket;
import io.reelport.edge.storage.StorageFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET|HEAD /p/{token}/{assetId}/{versionId}/{file...}}: checks the token (no I/O), then
 * answers from the disk cache, or from the previews bucket through a cache fill.
 *
 * <p>Served on Reactor Netty directly ({@link PlaybackRoutes}): CORS and the rate limit are applied
 * here, first, as filters would; the headers that depend only on the file type are built once.
 *
 * <p>The token is never logged: log lines carry the request path after it, and only once the
 * verifier found that path well-formed (so no control characters reach a log line either).
 */
@Component
public class ServingPlayback {

    static final String PREFIX = "/p/";
    private static final Logger log = LoggerFactory.getLogger(ServingPlayback.class);
    private static final String TEXT = "text/plain;charset=UTF-8";

    private final PlaybackTokenVerifier verifier;
    private final ClientAddresses clientAddresses;
    private final CrossOriginAccess crossOrigin;
    private final RateLimit rateLimit;
    private final DiskCache cache;
    private final PreviewBucket bucket;
    private final EdgeMetrics metrics;
    private final Clock clock;
    /** Content-Type, Cache-Control, Accept-Ranges (and Vary when CORS is on) for each type, built once. */
    private final Map<PreviewFileType, HttpHeaders> typeHeaders = new EnumMap<>(PreviewFileType.class);

    public ServingPlayback(PlaybackTokenVerifier verifier, ClientAddresses clientAddresses, CrossOriginAccess crossOrigin,
                           RateLimit rateLimit, DiskCache cache, PreviewBucket bucket, EdgeMetrics metrics, Clock clock,
                           EdgeProperties properties) {
        this.verifier = verifier;
        this.clientAddresses = clientAddresses;
        this.crossOrigin = crossOrigin;
        this.rateLimit = rateLimit;
        this.cache = cache;
        this.bucket = bucket;
        this.metrics = metrics;
        this.clock = clock;
        String playlistCacheControl = "public, max-age=" + properties.playlistMaxAge().toSeconds();
        String immutableCacheControl = "public, max-age=" + properties.immutableMaxAge().toSeconds() + ", immutable";
        for (PreviewFileType type : PreviewFileType.values()) {
            HttpHeaders headers = new DefaultHttpHeaders()
                    .set(HttpHeaderNames.CACHE_CONTROL, type.immutable() ? immutableCacheControl : playlistCacheControl)
                    .set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            if (crossOrigin.configured()) {
                headers.set(HttpHeaderNames.VARY, "Origin");
            }
            typeHeaders.put(type, headers);
        }
    }

    /** Whether Reactor Netty should hand a request target to {@link #serve}. */
    static boolean isPlayback(String uri) {
        String path = rawPath(uri);
        return path != null && path.startsWith(PREFIX);
    }

    public Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> answer(request, response)).onErrorResume(failure -> failed(response, failure));
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        Mono<Void> crossOriginAnswer = crossOrigin.answer(request, response);
        if (crossOriginAnswer != null) {
            return crossOriginAnswer;
        }
        String client = clientAddresses.of(request);
        if (!rateLimit.allows(client)) {
            metrics.request("rate_limited", "none");
            return response.status(HttpResponseStatus.TOO_MANY_REQUESTS).header(HttpHeaderNames.RETRY_AFTER, "1")
                    .header(HttpHeaderNames.CONTENT_LENGTH, "0").send().then();
        }
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            metrics.request("method_not_allowed", "none");
            response.header(HttpHeaderNames.ALLOW, "GET, HEAD");
            return text(response, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
        }
        String afterPrefix = rawPath(request.uri()).substring(PREFIX.length());
        int slash = afterPrefix.indexOf('/');
        String token = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
        String path = slash < 0 ? "" : afterPrefix.substring(slash + 1);

        Verification verification = verifier.verify(token, path, client, clock.instant());
        if (verification instanceof Verification.Rejected rejected) {
            return refuse(response, rejected, path);
        }
        String key = StorageKeys.PREVIEWS + path;
        PreviewFileType type = PreviewFileType.of(path);
        CachedObject hit = cache.lookup(key).orElse(null);
        if (hit != null) {
            metrics.hit();
            return object(request, response, type, hit.meta(), answer -> sendFile(response, hit, answer, path));
        }
        metrics.miss();
        Fill fill = cache.fill(key, () -> bucket.get(key));
        return fill.meta()
                .flatMap(meta -> object(request, response, type, meta, answer -> stream(response, fill, answer, path)))
                .onErrorResume(StorageFailure.class, failure -> storageFailure(response, failure, path));
    }

    private Mono<Void> refuse(HttpServerResponse response, Verification.Rejected rejected, String path) {
        String code = rejected.reason().code();
        int status = rejected.reason().kind().httpStatus();
        if (status == 403) {
            metrics.request("forbidden", code);
            log.info("Refused playback of {}: {}", path, code);
            return text(response, HttpResponseStatus.FORBIDDEN, "forbidden\n");
        }
        metrics.request("bad_request", code);
        // The path is not well-formed and may hold anything, control characters included: not logged.
        log.info("Refused a malformed playback path: {}", code);
        return text(response, HttpResponseStatus.BAD_REQUEST, "bad request\n");
    }

    private Mono<Void> storageFailure(HttpServerResponse response, StorageFailure failure, String path) {
        return switch (failure.kind()) {
            case NOT_FOUND -> {
                metrics.request("not_found", "none");
                yield text(response, HttpResponseStatus.NOT_FOUND, "not found\n");
            }
            case TIMEOUT -> {
                metrics.request("gateway_timeout", "none");
                log.warn("Previews bucket timed out for {}", path);
                yield text(response, HttpResponseStatus.GATEWAY_TIMEOUT, "storage timeout\n");
            }
            case UNAVAILABLE -> {
                metrics.request("bad_gateway", "none");
                log.warn("Previews bucket failed for {}: {}", path, failure.getMessage());
                yield text(response, HttpResponseStatus.BAD_GATEWAY, "storage unavailable\n");
            }
        };
    }

    private static Mono<Void> text(HttpServerResponse response, HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return response.status(status).header(HttpHeaderNames.CONTENT_TYPE, TEXT)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes)).then();
    }

    @FunctionalInterface
    private interface BodyWriter {
        Mono<Void> write(RepresentationRules.Answer answer);
    }

    /** An answer about one stored object: validators and range decide the status, then headers, then the body. */
    private Mono<Void> object(HttpServerRequest request, HttpServerResponse response, PreviewFileType type, ObjectMeta meta,
                              BodyWriter body) {
        HttpHeaders requestHeaders = request.requestHeaders();
        RepresentationRules.Answer answer = RepresentationRules.decide(meta,
                joined(requestHeaders.getAll(HttpHeaderNames.IF_NONE_MATCH)), requestHeaders.get(HttpHeaderNames.IF_MODIFIED_SINCE),
                requestHeaders.get(HttpHeaderNames.RANGE), requestHeaders.get(HttpHeaderNames.IF_RANGE));
        HttpHeaders headers = response.responseHeaders()
                .add(typeHeaders.get(type))
                .set(HttpHeaderNames.ETAG, meta.etag())
                .set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(Date.from(meta.lastModified())));
        if (answer.contentRange() != null) {
            headers.set(HttpHeaderNames.CONTENT_RANGE, answer.contentRange());
        }
        response.status(answer.status());
        metrics.request(outcome(answer.status()), "none");
        if (!answer.hasBody()) {
            if (answer.status() == 416) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, "0");
            }
            return response.send().then();
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, type.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(answer.count()));
        if (request.method().equals(HttpMethod.HEAD) || answer.count() == 0) {
            return response.send().then();
        }
        return body.write(answer);
    }

    private static String outcome(int status) {
        return switch (status) {
            case 200 -> "ok";
            case 206 -> "partial";
            case 304 -> "not_modified";
            case 416 -> "range_not_satisfiable";
            default -> "other";
        };
    }

    private static @Nullable String joined(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }

    /**
     * A hit: straight from the file with sendfile (Netty's FileRegion; chunks only behind TLS on the edge
     * itself), corked so that the headers leave in the same segment as the first bytes of the body.
     */
    private Mono<Void> sendFile(HttpServerResponse response, CachedObject entry, RepresentationRules.Answer answer, String path) {
        return Mono.using(() -> cork(response),
                        cork -> response.sendFile(entry.file(), entry.bodyOffset() + answer.start(), answer.count()).then(),
                        Cork::release)
                .doOnSuccess(done -> metrics.served(answer.count()))
                .onErrorResume(failure -> aborted(response, path, failure));
    }

    private static Cork cork(HttpServerResponse response) {
        Cork[] cork = {Cork.NONE};
        response.withConnection(connection -> cork[0] = Cork.on(connection.channel()));
        return cork[0];
    }

    /**
     * A miss: the headers as soon as the bucket's arrived (the player can start its next request
     * decisions and the connection is known good), then the bytes of the fill as they arrive.
     */
    private Mono<Void> stream(HttpServerResponse response, Fill fill, RepresentationRules.Answer answer, String path) {
        return response.sendHeaders().send(fill.read(answer.start(), answer.count(), new NettyDataBufferFactory(response.alloc()))
                        .map(buffer -> {
                            metrics.served(buffer.readableByteCount());
                            return NettyDataBufferFactory.toByteBuf(buffer);
                        }))
                .then()
                .onErrorResume(failure -> aborted(response, path, failure));
    }

    /**
     * Headers are gone already; all that is left is to cut the connection so the player sees a
     * short body rather than waiting for bytes that will not come. Handled here, so that no
     * framework report of the failure prints the full URL, token included.
     * (A hit fails this way only when its entry was evicted between lookup and sending.)
     */
    private Mono<Void> aborted(HttpServerResponse response, String path, Throwable failure) {
        log.warn("Sending {} failed after its headers: {}", path, failure.toString());
        metrics.request("aborted", "none");
        response.withConnection(connection -> connection.channel().close());
        return Mono.empty();
    }

    /** A bug, not a refusal: answered without the URL reaching any log line. */
    private Mono<Void> failed(HttpServerResponse response, Throwable failure) {
        log.error("Serving a playback request failed", failure);
        if (response.hasSentHeaders()) {
            response.withConnection(connection -> connection.channel().close());
            return Mono.empty();
        }
        return text(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
    }

    /** The path of a request target, undecoded and without its query; null when it has none. */
    private static @Nullable String rawPath(String uri) {
        if (!uri.startsWith("/")) {
            try {
                return URI.create(uri).getRawPath();
            } catch (IllegalArgumentException notAUri) {
                return null;
            }
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return uri.substring(0, i);
            }
        }
        return uri;
    }
}
