package io.reelport.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.storage.ObjectMeta;
import io.reelport.edge.storage.UpstreamObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import io.reelport.edge.storage.StorageFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A fill on its own, against a real directory: the parts the HTTP tests cannot steer. */
class FillTest {

    @TempDir
    Path root;

    @Test
    void startsEvenWhenNoFileThreadTakesTheWork() {
        DiskCache cache = new DiskCache(root, 1 << 20, new EdgeMetrics(new SimpleMeterRegistry()));
        String key = "previews/a/v/hls/720p/seg_00001.m4s";
        byte[] body = "the bytes of one segment".getBytes(StandardCharsets.UTF_8);
        Fill fill = new Fill(key, cache.tempFile(key), cache); // in a directory that does not exist yet

        fill.start(Mono.just(new UpstreamObject(new ObjectMeta(body.length, "\"e\"", Instant.EPOCH),
                        Flux.just(ByteBuffer.wrap(body)))),
                task -> {
                    throw new RejectedExecutionException("every file thread busy");
                });

        assertThat(fill.meta().block(Duration.ofSeconds(5)).length()).isEqualTo(body.length);
        assertThat(read(fill.read(0, body.length, DefaultDataBufferFactory.sharedInstance))).isEqualTo(body);
        assertThat(cache.lookup(key)).as("published like any fill").isPresent();
    }

    @Test
    void announcesTheHeadersBeforeTheCacheFileExists() {
        DiskCache cache = new DiskCache(root, 1 << 20, new EdgeMetrics(new SimpleMeterRegistry()));
        String key = "previews/a/v/hls/720p/seg_00002.m4s";
        byte[] body = "a segment whose file is slow to make".getBytes(StandardCharsets.UTF_8);
        List<Runnable> fileWork = new ArrayList<>();
        Fill fill = new Fill(key, cache.tempFile(key), cache);

        fill.start(Mono.just(upstream(body)), fileWork::add);

        assertThat(fill.meta().block(Duration.ofSeconds(5)).length())
                .as("the requester's headers need the bucket's, not the file").isEqualTo(body.length);
        assertThat(fileWork).hasSize(1);
        Flux<DataBuffer> bytes = fill.read(0, body.length, DefaultDataBufferFactory.sharedInstance).cache();
        bytes.subscribe();
        fileWork.get(0).run();
        assertThat(read(bytes)).isEqualTo(body);
        assertThat(cache.lookup(key)).isPresent();
    }

    @Test
    void cutsOffRequestersWhenTheFileCannotBeMadeAfterTheHeaders() throws Exception {
        DiskCache cache = new DiskCache(root, 1 << 20, new EdgeMetrics(new SimpleMeterRegistry()));
        String key = "previews/a/v/hls/720p/seg_00003.m4s";
        Path temp = cache.tempFile(key);
        Files.writeString(temp.getParent(), "a file where the entry's directory should be"); // root has no say as root
        byte[] body = "bytes with nowhere to go".getBytes(StandardCharsets.UTF_8);
        List<Runnable> fileWork = new ArrayList<>();
        Fill fill = new Fill(key, temp, cache);

        fill.start(Mono.just(upstream(body)), fileWork::add);
        fill.meta().block(Duration.ofSeconds(5));
        Flux<DataBuffer> bytes = fill.read(0, body.length, DefaultDataBufferFactory.sharedInstance).cache();
        bytes.subscribe(chunk -> { }, failure -> { });
        fileWork.get(0).run();

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(StorageFailure.class).hasMessageContaining("not writable");
        assertThat(cache.lookup(key)).isEmpty();
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(file -> file.toString().endsWith(DiskCache.TEMP_SUFFIX))).isEmpty();
        }
        // The next miss for the key starts a fill of its own rather than joining the failed one.
        assertThat(cache.fill(key, () -> Mono.never())).isNotSameAs(fill);
    }

    private static UpstreamObject upstream(byte[] body) {
        return new UpstreamObject(new ObjectMeta(body.length, "\"e\"", Instant.EPOCH), Flux.just(ByteBuffer.wrap(body)));
    }

    private static byte[] read(Flux<DataBuffer> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DataBuffer chunk : chunks.toIterable()) {
            byte[] bytes = new byte[chunk.readableByteCount()];
            chunk.read(bytes);
            DataBufferUtils.release(chunk);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
