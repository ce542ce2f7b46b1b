package io.reelport.edge.cache;

import io.reelport.edge.storage.ObjectMeta;
import io.reelport.edge.storage.StorageFailure;
import io.reelport.edge.storage.UpstreamObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One GET from the bucket into one temporary cache file, read by every requester while it grows.
 *
 * <p>The fill belongs to no request: a player that hangs up does not cancel it, so the object still
 * lands in the cache for the next player (segments are fetched by many). Requesters read the bytes
 * already written with positional reads on the fill's own channel, which stays open until the last
 * of them is done, even after the file was renamed into place or evicted.
 */
public final class Fill {

    private static final Logger log = LoggerFactory.getLogger(Fill.class);
    private static final int CHUNK = 64 * 1024;

    private final String key;
    private final Path temp;
    private final DiskCache cache;
    private final Sinks.One<ObjectMeta> meta = Sinks.one();
    /** Bytes of body written so far; replays the latest to late readers, completes when the body is whole. */
    private final Sinks.Many<Long> progress = Sinks.many().replay().latest();
    /** The fill's own reference plus one per reader; the channel closes when it drops to zero. */
    private final AtomicInteger users = new AtomicInteger(1);
    /** The temporary file, once created (see {@link #start}). */
    private final CompletableFuture<FileChannel> file = new CompletableFuture<>();
    /** Set by {@link #createFile} before {@link #file} completes; closed by the last {@link #release}. */
    private volatile FileChannel channel;
    /** Set once the fill completed or failed; guarded by {@code this}. */
    private boolean ended;
    private volatile long bodyOffset;
    private volatile CachedObject committed;

    Fill(String key, Path temp, DiskCache cache) {
        this.key = key;
        this.temp = temp;
        this.cache = cache;
    }

    public String key() {
        return key;
    }

    /** Completes when the bucket's headers arrived; fails with a {@link StorageFailure}. */
    public Mono<ObjectMeta> meta() {
        return meta.asMono();
    }

    /**
     * Sends the GET and, meanwhile, creates the cache file on {@code files}: creating a file blocks
     * (0.1–0.4 ms on the disks measured, with a tail past a millisecond), and on the event loop it
     * would hold up the very loop that is to send the request and take the answer. The GET goes
     * first: it is the longer wait of the two.
     */
    void start(Mono<UpstreamObject> upstream, Executor files) {
        upstream.subscribe(this::receive, this::fail);
        try {
            files.execute(this::createFile);
        } catch (RejectedExecutionException saturated) {
            // Every file thread busy and their queue full: slower on the loop, but never a fill that
            // cannot start (its requesters, and everyone who joins it, would wait forever).
            createFile();
        }
    }

    private void createFile() {
        FileChannel created;
        try {
            try {
                created = openTemp();
            } catch (NoSuchFileException firstInItsDirectory) {
                Files.createDirectories(temp.getParent());
                created = openTemp();
            }
        } catch (IOException | RuntimeException unwritable) {
            file.completeExceptionally(unwritable);
            return;
        }
        synchronized (this) {
            if (!ended) {
                channel = created;
                file.complete(created);
                return;
            }
        }
        // The GET failed while the file was being made: nobody will write or delete it but this.
        try {
            created.close();
        } catch (IOException ignored) {
            // Deleted below all the same.
        }
        deleteTemp();
        file.completeExceptionally(new IOException("the fill ended before its file was made"));
    }

    private FileChannel openTemp() throws IOException {
        return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    /**
     * The bucket's answer. Its headers are all a requester needs to start its own answer, so they are
     * announced at once, without waiting for the file; the body is taken once the file exists, on
     * whichever thread finished last. (If the file cannot be made, requesters that already sent their
     * headers are cut off, as when the bucket breaks a body off.)
     */
    private void receive(UpstreamObject object) {
        meta.tryEmitValue(object.meta());
        file.whenComplete((created, unwritable) -> receive(object, created, unwritable));
    }

    private void receive(UpstreamObject object, FileChannel created, Throwable notCreated) {
        ObjectMeta objectMeta = object.meta();
        try {
            if (notCreated != null) {
                throw notCreated instanceof IOException io ? io : new IOException(notCreated);
            }
            ByteBuffer header = ByteBuffer.wrap(EntryHeader.encode(key, objectMeta));
            bodyOffset = header.remaining();
            while (header.hasRemaining()) {
                created.write(header, header.position());
            }
        } catch (IOException | RuntimeException unwritable) {
            Flux.from(object.body()).subscribe().dispose();
            fail(new StorageFailure(StorageFailure.Kind.UNAVAILABLE, "cache file not writable: " + unwritable, unwritable));
            return;
        }
        Flux.from(object.body()).subscribe(new BaseSubscriber<ByteBuffer>() {
            long written;

            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            protected void hookOnNext(ByteBuffer buffer) {
                try {
                    // Page-cache writes of at most a few KiB: short enough for the client's I/O thread.
                    while (buffer.hasRemaining()) {
                        written += channel.write(buffer, bodyOffset + written);
                    }
                } catch (IOException unwritable) {
                    cancel();
                    fail(unwritable);
                    return;
                }
                // The last bytes are announced only once the entry is published (see complete), so a
                // player that has the whole object finds it in the cache on its next request.
                if (written < objectMeta.length()) {
                    progress.tryEmitNext(written);
                }
            }

            @Override
            protected void hookOnComplete() {
                if (written != objectMeta.length()) {
                    fail(new StorageFailure(StorageFailure.Kind.UNAVAILABLE,
                            "the previews bucket sent " + written + " of " + objectMeta.length() + " bytes", null));
                    return;
                }
                complete(objectMeta);
            }

            @Override
            protected void hookOnError(Throwable failure) {
                fail(failure);
            }
        });
    }

    private void complete(ObjectMeta objectMeta) {
        synchronized (this) {
            ended = true;
        }
        try {
            committed = cache.admit(this, temp, bodyOffset, objectMeta);
        } catch (IOException | RuntimeException unpublishable) {
            log.warn("Edge cache could not keep {}: {}", key, unpublishable.toString());
            deleteTemp();
        }
        cache.finished(this);
        progress.tryEmitNext(objectMeta.length());
        progress.tryEmitComplete();
        release();
    }

    private void fail(Throwable failure) {
        synchronized (this) {
            ended = true;
        }
        StorageFailure storageFailure = failure instanceof StorageFailure known ? known
                : new StorageFailure(StorageFailure.Kind.UNAVAILABLE, "fill failed: " + failure, failure);
        cache.finished(this);
        deleteTemp();
        meta.tryEmitError(storageFailure);
        progress.tryEmitError(storageFailure);
        release();
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Deleted at the next start.
        }
    }

    /**
     * {@code count} bytes of the body from {@code start}, as they arrive. Call after {@link #meta()}
     * completed.
     */
    public Flux<DataBuffer> read(long start, long count, DataBufferFactory buffers) {
        if (count == 0) {
            return Flux.empty();
        }
        long end = start + count;
        return Flux.defer(() -> {
            if (!acquire()) {
                return readCommitted(start, count, buffers);
            }
            long[] position = {start};
            return progress.asFlux()
                    .onBackpressureLatest()
                    .takeUntil(written -> written >= end)
                    .concatMap(written -> chunks(position, Math.min(written, end), buffers), 1)
                    .doFinally(signal -> release());
        });
    }

    private Flux<DataBuffer> chunks(long[] position, long limit, DataBufferFactory buffers) {
        return Flux.generate(sink -> {
            if (position[0] >= limit) {
                sink.complete();
                return;
            }
            int size = (int) Math.min(CHUNK, limit - position[0]);
            ByteBuffer chunk = ByteBuffer.allocate(size);
            try {
                while (chunk.hasRemaining()) {
                    int read = channel.read(chunk, bodyOffset + position[0] + chunk.position());
                    if (read < 0) {
                        throw new IOException("cache file shorter than written");
                    }
                }
            } catch (IOException unreadable) {
                sink.error(unreadable);
                return;
            }
            position[0] += size;
            sink.next(buffers.wrap(chunk.flip()));
        });
    }

    /** The fill finished and let go of its channel before this reader came: read the published file. */
    private Flux<DataBuffer> readCommitted(long start, long count, DataBufferFactory buffers) {
        CachedObject entry = committed;
        if (entry == null) {
            return Flux.error(new StorageFailure(StorageFailure.Kind.UNAVAILABLE, "fill ended without an entry", null));
        }
        return DataBufferUtils.takeUntilByteCount(DataBufferUtils.readAsynchronousFileChannel(
                () -> AsynchronousFileChannel.open(entry.file(), StandardOpenOption.READ),
                entry.bodyOffset() + start, buffers, CHUNK), count);
    }

    private boolean acquire() {
        int current;
        do {
            current = users.get();
            if (current == 0) {
                return false;
            }
        } while (!users.compareAndSet(current, current + 1));
        return true;
    }

    private void release() {
        if (users.decrementAndGet() == 0 && channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to lose.
            }
        }
    }
}
