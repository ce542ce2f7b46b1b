package io.reelport.edge.playback;

import io.reelport.common.playback.PlaybackTokenVerifier;
import io.reelport.common.playback.Verification;
import io.reelport.common.storage.StorageKeys;
import io.reelport.edge.access.ClientAddresses;
import io.reelport.edge.cache.CachedObject;
import io.reelport.edge.cache.DiskCache;
import io.reelport.edge.cache.Fill;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.platform.EdgeProperties;
import io.reelport.edge.storage.ObjectMeta;
import io.reelport.edge.storage.PreviewBucket;
import io.reelport.edge.storage.StorageFailure;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET|HEAD /p/{token}/{assetId}/{versionId}/{file...}}: checks the token (no I/O), then
 * answers from the disk cache, or from the previews bucket through a cache fill.
 *
 * <p>The token is never logged: log lines carry the request path after it, and only once the
 * verifier found that path well-formed (so no control characters reach a log line either).
 */
@Component
public class ServingPlayback {

    static final String PREFIX = "/p/";
    private static final Logger log = LoggerFactory.getLogger(ServingPlayback.class);
    private static final int FILE_CHUNK = 64 * 1024;

    private final PlaybackTokenVerifier verifier;
    private final ClientAddresses clientAddresses;
    private final DiskCache cache;
    private final PreviewBucket bucket;
    private final EdgeMetrics metrics;
    private final Clock clock;
    private final String playlistCacheControl;
    private final String immutableCacheControl;

    public ServingPlayback(PlaybackTokenVerifier verifier, ClientAddresses clientAddresses, DiskCache cache,
                           PreviewBucket bucket, EdgeMetrics metrics, Clock clock, EdgeProperties properties) {
        this.verifier = verifier;
        this.clientAddresses = clientAddresses;
        this.cache = cache;
        this.bucket = bucket;
        this.metrics = metrics;
        this.clock = clock;
        this.playlistCacheControl = "public, max-age=" + properties.playlistMaxAge().toSeconds();
        this.immutableCacheControl = "public, max-age=" + properties.immutableMaxAge().toSeconds() + ", immutable";
    }

    public Mono<ServerResponse> serve(ServerRequest request) {
        ServerHttpRequest http = request.exchange().getRequest();
        HttpMethod method = http.getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            metrics.request("method_not_allowed", "none");
            return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).allow(HttpMethod.GET, HttpMethod.HEAD)
                    .contentType(MediaType.TEXT_PLAIN).bodyValue("method not allowed\n");
        }
        String afterPrefix = http.getURI().getRawPath().substring(PREFIX.length());
        int slash = afterPrefix.indexOf('/');
        String token = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
        String path = slash < 0 ? "" : afterPrefix.substring(slash + 1);

        Verification verification = verifier.verify(token, path, clientAddresses.of(http), clock.instant());
        if (verification instanceof Verification.Rejected rejected) {
            return refuse(rejected, path);
        }
        String key = StorageKeys.PREVIEWS + path;
        PreviewFileType type = PreviewFileType.of(path);
        Optional<CachedObject> hit = cache.lookup(key);
        if (hit.isPresent()) {
            metrics.hit();
            CachedObject entry = hit.get();
            return answer(request, type, entry.meta(), (exchange, answer) -> sendFile(exchange, entry, answer)
                    .onErrorResume(failure -> aborted(exchange.getResponse(), path, failure)));
        }
        metrics.miss();
        Fill fill = cache.fill(key, () -> bucket.get(key));
        return fill.meta()
                .flatMap(meta -> answer(request, type, meta, (exchange, answer) -> stream(exchange, fill, answer, path)))
                .onErrorResume(StorageFailure.class, failure -> storageFailure(failure, path));
    }

    private Mono<ServerResponse> refuse(Verification.Rejected rejected, String path) {
        String code = rejected.reason().code();
        int status = rejected.reason().kind().httpStatus();
        if (status == 403) {
            metrics.request("forbidden", code);
            log.info("Refused playback of {}: {}", path, code);
            return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).bodyValue("forbidden\n");
        }
        metrics.request("bad_request", code);
        // The path is not well-formed and may hold anything, control characters included: not logged.
        log.info("Refused a malformed playback path: {}", code);
        return ServerResponse.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN).bodyValue("bad request\n");
    }

    private Mono<ServerResponse> storageFailure(StorageFailure failure, String path) {
        return switch (failure.kind()) {
            case NOT_FOUND -> {
                metrics.request("not_found", "none");
                yield ServerResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).bodyValue("not found\n");
            }
            case TIMEOUT -> {
                metrics.request("gateway_timeout", "none");
                log.warn("Previews bucket timed out for {}", path);
                yield ServerResponse.status(HttpStatus.GATEWAY_TIMEOUT).contentType(MediaType.TEXT_PLAIN).bodyValue("storage timeout\n");
            }
            case UNAVAILABLE -> {
                metrics.request("bad_gateway", "none");
                log.warn("Previews bucket failed for {}: {}", path, failure.getMessage());
                yield ServerResponse.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.TEXT_PLAIN).bodyValue("storage unavailable\n");
            }
        };
    }

    @FunctionalInterface
    private interface BodyWriter {
        Mono<Void> write(ServerWebExchange exchange, RepresentationRules.Answer answer);
    }

    private Mono<ServerResponse> answer(ServerRequest request, PreviewFileType type, ObjectMeta meta, BodyWriter body) {
        HttpHeaders requestHeaders = request.headers().asHttpHeaders();
        RepresentationRules.Answer answer = RepresentationRules.decide(meta,
                joined(requestHeaders, HttpHeaders.IF_NONE_MATCH), requestHeaders.getFirst(HttpHeaders.IF_MODIFIED_SINCE),
                requestHeaders.getFirst(HttpHeaders.RANGE), requestHeaders.getFirst(HttpHeaders.IF_RANGE));
        ServerResponse.BodyBuilder response = ServerResponse.status(answer.status()).headers(headers -> {
            headers.setETag(meta.etag());
            headers.setLastModified(meta.lastModified());
            headers.setCacheControl(type.immutable() ? immutableCacheControl : playlistCacheControl);
            headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
            if (answer.contentRange() != null) {
                headers.set(HttpHeaders.CONTENT_RANGE, answer.contentRange());
            }
        });
        metrics.request(outcome(answer.status()), "none");
        if (!answer.hasBody()) {
            if (answer.status() == 416) {
                response.contentLength(0);
            }
            return response.build();
        }
        response.contentType(type.contentType()).contentLength(answer.count());
        if (request.method() == HttpMethod.HEAD || answer.count() == 0) {
            return response.build();
        }
        return response.build((exchange, context) -> body.write(exchange, answer));
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

    private static String joined(HttpHeaders headers, String name) {
        java.util.List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    /** A hit: straight from the file, by sendfile when the server allows (plain HTTP/1.1 on Netty). */
    private Mono<Void> sendFile(ServerWebExchange exchange, CachedObject entry, RepresentationRules.Answer answer) {
        ServerHttpResponse response = exchange.getResponse();
        long position = entry.bodyOffset() + answer.start();
        if (response instanceof ZeroCopyHttpOutputMessage zeroCopy) {
            return zeroCopy.writeWith(entry.file(), position, answer.count())
                    .doOnSuccess(done -> metrics.served(answer.count()));
        }
        Flux<DataBuffer> body = DataBufferUtils.takeUntilByteCount(DataBufferUtils.readAsynchronousFileChannel(
                () -> AsynchronousFileChannel.open(entry.file(), StandardOpenOption.READ),
                position, response.bufferFactory(), FILE_CHUNK), answer.count());
        return response.writeWith(counted(body));
    }

    /** A miss: the bytes of the fill as they arrive from the bucket. */
    private Mono<Void> stream(ServerWebExchange exchange, Fill fill, RepresentationRules.Answer answer, String path) {
        ServerHttpResponse response = exchange.getResponse();
        return response.writeWith(counted(fill.read(answer.start(), answer.count(), response.bufferFactory())))
                .onErrorResume(failure -> aborted(response, path, failure));
    }

    /**
     * Headers are gone already; all that is left is to cut the connection so the player sees a
     * short body rather than waiting for bytes that will not come. Handled here, because the
     * framework's own report of an error after commit would log the full URL, token included.
     * (A hit fails this way only when its entry was evicted between lookup and sending.)
     */
    private Mono<Void> aborted(ServerHttpResponse response, String path, Throwable failure) {
        log.warn("Sending {} failed after its headers: {}", path, failure.toString());
        metrics.request("aborted", "none");
        abort(response);
        return Mono.empty();
    }

    private Flux<DataBuffer> counted(Flux<DataBuffer> body) {
        return body.doOnNext(buffer -> metrics.served(buffer.readableByteCount()));
    }

    private static void abort(ServerHttpResponse response) {
        Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        if (nativeResponse instanceof reactor.netty.Connection connection) {
            connection.channel().close();
        }
    }
}
