package io.reelport.edge.storage;

import io.reelport.common.storage.StorageProperties;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.platform.EdgeProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads preview objects from the previews bucket without blocking and without holding whole bodies. */
@Component
public class PreviewBucket {

    private final S3AsyncClient s3;
    private final String bucket;
    private final Duration timeout;
    private final EdgeMetrics metrics;

    public PreviewBucket(S3AsyncClient s3, StorageProperties storage, EdgeProperties edge, EdgeMetrics metrics) {
        this.s3 = s3;
        this.bucket = storage.buckets().previews();
        this.timeout = edge.upstreamTimeout();
        this.metrics = metrics;
    }

    /**
     * Starts a GET of the whole object. The returned Mono completes when the headers arrived;
     * the body is then read by whoever subscribes to it (once). Fails with a {@link StorageFailure}.
     */
    public Mono<UpstreamObject> get(String key) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return Mono.fromFuture(() -> s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(),
                            AsyncResponseTransformer.<GetObjectResponse>toPublisher()))
                    .timeout(timeout)
                    .map(this::upstreamObject)
                    .onErrorMap(failure -> !(failure instanceof StorageFailure), PreviewBucket::classify)
                    .doOnSuccess(object -> metrics.upstream("ok", Duration.ofNanos(System.nanoTime() - started)))
                    .doOnError(StorageFailure.class, failure -> metrics.upstream(
                            failure.kind().name().toLowerCase(java.util.Locale.ROOT), Duration.ofNanos(System.nanoTime() - started)));
        });
    }

    private UpstreamObject upstreamObject(ResponsePublisher<GetObjectResponse> publisher) {
        GetObjectResponse response = publisher.response();
        Instant lastModified = response.lastModified() == null ? Instant.EPOCH : response.lastModified().truncatedTo(ChronoUnit.SECONDS);
        String etag = response.eTag() == null ? null : quoted(response.eTag());
        long length = response.contentLength() == null ? -1 : response.contentLength();
        if (length < 0) {
            throw new StorageFailure(StorageFailure.Kind.UNAVAILABLE, "the previews bucket sent no Content-Length", null);
        }
        if (etag == null) {
            etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(lastModified.getEpochSecond()) + "\"";
        }
        // A connection cut in the middle of a body does not always end the SDK's publisher: without a
        // limit on the silence between chunks, a fill (and every player reading it) could wait forever.
        Flux<ByteBuffer> body = Flux.from(publisher).timeout(timeout, Flux.error(() -> new StorageFailure(
                StorageFailure.Kind.TIMEOUT, "the previews bucket stopped sending for " + timeout.toSeconds() + "s", null)));
        return new UpstreamObject(new ObjectMeta(length, etag, lastModified), body);
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") || etag.startsWith("W/") ? etag : "\"" + etag + "\"";
    }

    static StorageFailure classify(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof NoSuchKeyException
                    || (cause instanceof S3Exception s3 && s3.statusCode() == 404)) {
                return new StorageFailure(StorageFailure.Kind.NOT_FOUND, "no such object", null);
            }
            if (cause instanceof TimeoutException || cause instanceof ApiCallTimeoutException
                    || cause instanceof ApiCallAttemptTimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
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
