package io.reelport.edge.storage;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.reelport.common.storage.StorageProperties;
import io.reelport.edge.observability.EdgeMetrics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Reads preview objects from the previews bucket without blocking and without holding whole bodies.
 *
 * <p>A miss is one signed HTTP GET on the edge's own Reactor Netty client, on the event loop of the
 * player's request ({@link BucketClients}), rather than through the S3 SDK's request pipeline: that
 * pipeline (endpoint rules, auth scheme resolution, interceptors, response unmarshalling) and its
 * separate event loops cost more than the GET itself on a cache miss (docs/edge.md, "Cold misses").
 */
@Component
public class PreviewBucket {

    private final BucketClients clients;
    private final SignedObjectGets gets;
    private final EdgeMetrics metrics;

    public PreviewBucket(BucketClients clients, StorageProperties storage, EdgeMetrics metrics) {
        this.clients = clients;
        this.gets = new SignedObjectGets(storage, storage.buckets().previews());
        this.metrics = metrics;
    }

    /**
     * Starts a GET of the whole object. The returned Mono completes when the headers arrived;
     * the body is then read by whoever subscribes to it (once). Fails with a {@link StorageFailure}.
     */
    public Mono<UpstreamObject> get(String key) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return send(key)
                    .onErrorMap(failure -> !(failure instanceof StorageFailure), PreviewBucket::classify)
                    .doOnSuccess(object -> metrics.upstream("ok", Duration.ofNanos(System.nanoTime() - started)))
                    .doOnError(StorageFailure.class, failure -> metrics.upstream(
                            failure.kind().name().toLowerCase(Locale.ROOT), Duration.ofNanos(System.nanoTime() - started)));
        });
    }

    private Mono<UpstreamObject> send(String key) {
        SignedObjectGets.SignedGet get = gets.get(key);
        return Mono.create(headersArrived -> {
            // Reactor Netty keeps a response's connection only while the publisher returned for it is
            // live, so that publisher ends when the body does; the object itself leaves through the sink.
            Disposable exchange = clients.current()
                    .headers(headers -> get.headers().forEach(headers::set))
                    .get()
                    .uri(get.uri())
                    .responseConnection((response, connection) -> {
                        if (response.status().code() != 200) {
                            return Mono.error(refusal(response.status().code()));
                        }
                        Sinks.Empty<Void> bodyDone = Sinks.empty();
                        headersArrived.success(upstreamObject(response, connection, bodyDone));
                        return bodyDone.asMono();
                    })
                    .subscribe(null, headersArrived::error);
            // Cancelled before the headers (timeout, player gone): close the exchange. Once the object
            // was handed over, its body's subscriber owns the exchange.
            headersArrived.onCancel(exchange);
        });
    }

    private UpstreamObject upstreamObject(HttpClientResponse response, Connection connection, Sinks.Empty<Void> bodyDone) {
        // Netty's decoder has already refused a malformed or negative Content-Length; one that is
        // missing (a chunked answer) is refused here: the cache entry and every player's
        // Content-Length depend on it. The connection holds an unread body, so it is closed, not pooled.
        String contentLength = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (contentLength == null) {
            connection.dispose();
            throw new StorageFailure(StorageFailure.Kind.UNAVAILABLE, "the previews bucket sent no Content-Length", null);
        }
        long length = Long.parseLong(contentLength);
        Instant lastModified = lastModified(response.responseHeaders().get(HttpHeaderNames.LAST_MODIFIED));
        String etag = response.responseHeaders().get(HttpHeaderNames.ETAG);
        etag = etag == null ? "\"" + Long.toHexString(length) + "-" + Long.toHexString(lastModified.getEpochSecond()) + "\""
                : quoted(etag);
        // The silence between chunks is bounded by the client's response timeout (BucketClients), on the
        // connection's own loop. Netty releases a chunk once it was handed on, so each is copied: a
        // subscriber may keep its buffers.
        Flux<ByteBuffer> body = connection.inbound().receive()
                .map(PreviewBucket::copy)
                .onErrorMap(failure -> !(failure instanceof StorageFailure), PreviewBucket::classify)
                .doFinally(signal -> bodyDone.tryEmitEmpty());
        return new UpstreamObject(new ObjectMeta(length, etag, lastModified), body);
    }

    private static ByteBuffer copy(ByteBuf chunk) {
        ByteBuffer copy = ByteBuffer.allocate(chunk.readableBytes());
        chunk.readBytes(copy);
        return copy.flip();
    }

    private static Instant lastModified(String header) {
        // Netty's parser: the HTTP date formats without java.time's general-purpose parsing machinery.
        Date parsed = header == null ? null : DateFormatter.parseHttpDate(header);
        return parsed == null ? Instant.EPOCH : parsed.toInstant();
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") || etag.startsWith("W/") ? etag : "\"" + etag + "\"";
    }

    private static StorageFailure refusal(int status) {
        return status == 404
                ? new StorageFailure(StorageFailure.Kind.NOT_FOUND, "no such object", null)
                : new StorageFailure(StorageFailure.Kind.UNAVAILABLE, "the previews bucket answered " + status, null);
    }

    static StorageFailure classify(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof StorageFailure known) {
                return known;
            }
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return new StorageFailure(StorageFailure.Kind.TIMEOUT, "the previews bucket did not answer in time", null);
            }
        }
        return new StorageFailure(StorageFailure.Kind.UNAVAILABLE, "the previews bucket failed: " + rootMessage(failure), null);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
