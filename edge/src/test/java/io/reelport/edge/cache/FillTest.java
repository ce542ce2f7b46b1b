package io.reelport.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.storage.ObjectMeta;
import io.reelport.edge.storage.UpstreamObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
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
