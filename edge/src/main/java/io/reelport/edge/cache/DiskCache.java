package io.reelport.edge.cache;

import io.reelport.edge.observability.EdgeMetrics;
import io.reelport.edge.storage.UpstreamObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Preview objects on local disk, capped in size, least recently used out first.
 *
 * <p>Objects under {@code previews/{assetId}/{versionId}/} never change once written (a new cut is a
 * new version), so an entry never needs revalidating: it stays until evicted. Each entry is one
 * file named by the SHA-256 of its key, written under a temporary name and renamed when complete,
 * so a crash leaves either nothing or a whole entry. The index is rebuilt from the files at start.
 *
 * <p>Concurrent misses for one key share one {@link Fill}: one GET to the bucket, every requester
 * reading the file as it grows.
 */
public final class DiskCache {

    private static final Logger log = LoggerFactory.getLogger(DiskCache.class);
    static final String TEMP_SUFFIX = ".tmp";
    /** Where fills create their files: blocking calls, kept off the event loops (see {@link Fill#start}). */
    private static final Executor FILES = task -> Schedulers.boundedElastic().schedule(task);

    private final Path root;
    private final long maxBytes;
    private final EdgeMetrics metrics;
    /** Access order: the first entry is the least recently used. Guarded by {@code this}. */
    private final LinkedHashMap<String, CachedObject> index = new LinkedHashMap<>(1024, 0.75f, true);
    private long totalBytes;
    private final ConcurrentHashMap<String, Fill> fills = new ConcurrentHashMap<>();

    public DiskCache(Path root, long maxBytes, EdgeMetrics metrics) {
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        try {
            Files.createDirectories(this.root);
        } catch (IOException unwritable) {
            throw new UncheckedIOException("EDGE_CACHE_DIR " + this.root + " cannot be created", unwritable);
        }
        load();
        metrics.cacheSize(this::totalBytes, this::entries);
    }

    public Optional<CachedObject> lookup(String key) {
        synchronized (this) {
            return Optional.ofNullable(index.get(key));
        }
    }

    /**
     * Joins the fill in flight for {@code key}, or starts one with {@code upstream}; either way the
     * caller reads the object from the returned fill.
     */
    public Fill fill(String key, Supplier<Mono<UpstreamObject>> upstream) {
        Fill[] started = new Fill[1];
        Fill fill = fills.computeIfAbsent(key, k -> started[0] = new Fill(k, tempFile(k), this));
        if (started[0] == fill) {
            fill.start(upstream.get(), FILES);
        }
        return fill;
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    public synchronized long entries() {
        return index.size();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Publishes a completed fill: renames it into place and evicts what no longer fits. */
    CachedObject admit(Fill fill, Path temp, long bodyOffset, io.reelport.edge.storage.ObjectMeta meta) throws IOException {
        Path file = finalFile(fill.key());
        CachedObject entry = new CachedObject(fill.key(), file, bodyOffset, meta);
        if (entry.fileSize() > maxBytes) {
            // Larger than the whole cache: it was served to its requesters from the temporary file;
            // keeping it would evict everything else.
            Files.deleteIfExists(temp);
            return null;
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        metrics.filled(meta.length());
        List<CachedObject> evicted = new ArrayList<>();
        synchronized (this) {
            CachedObject previous = index.put(entry.key(), entry);
            if (previous != null) {
                totalBytes -= previous.fileSize();
            }
            totalBytes += entry.fileSize();
            Iterator<Map.Entry<String, CachedObject>> eldest = index.entrySet().iterator();
            while (totalBytes > maxBytes && eldest.hasNext()) {
                CachedObject victim = eldest.next().getValue();
                if (victim == entry) {
                    continue;
                }
                eldest.remove();
                totalBytes -= victim.fileSize();
                evicted.add(victim);
            }
        }
        for (CachedObject victim : evicted) {
            // A player still reading a victim keeps its open file; the directory entry goes now.
            Files.deleteIfExists(victim.file());
            metrics.evicted();
        }
        return entry;
    }

    void finished(Fill fill) {
        fills.remove(fill.key(), fill);
    }

    private Path finalFile(String key) {
        String hash = sha256(key);
        return root.resolve(hash.substring(0, 2)).resolve(hash);
    }

    /**
     * A fill's file: the final name plus 64 random bits, so that two fills of one key (one evicted
     * while the next began) never meet. Not a {@code UUID}: that draws on the SecureRandom, a lock and a
     * read of {@code /dev/urandom} on the event loop of every miss; {@code CREATE_NEW} catches the
     * collision that randomness alone would not rule out.
     */
    Path tempFile(String key) {
        Path file = finalFile(key);
        return file.resolveSibling(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
    }

    private void load() {
        List<CachedObject> found = new ArrayList<>();
        Map<CachedObject, FileTime> touched = new java.util.HashMap<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Optional<CachedObject> entry = file.getFileName().toString().endsWith(TEMP_SUFFIX)
                        ? Optional.empty() : EntryHeader.read(file);
                if (entry.isPresent() && entry.get().file().equals(finalFile(entry.get().key()))) {
                    found.add(entry.get());
                    touched.put(entry.get(), Files.getLastModifiedTime(file));
                } else {
                    // An interrupted fill or a stranger: nothing in this directory is kept unless it is a whole entry.
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("EDGE_CACHE_DIR " + root + " cannot be read", unreadable);
        }
        // Without access times kept on disk, the order of filling is the best guess at recency.
        found.sort(Comparator.comparing(touched::get));
        List<CachedObject> evicted = new ArrayList<>();
        synchronized (this) {
            for (CachedObject entry : found) {
                index.put(entry.key(), entry);
                totalBytes += entry.fileSize();
            }
            Iterator<Map.Entry<String, CachedObject>> eldest = index.entrySet().iterator();
            while (totalBytes > maxBytes && eldest.hasNext()) {
                CachedObject victim = eldest.next().getValue();
                eldest.remove();
                totalBytes -= victim.fileSize();
                evicted.add(victim);
            }
        }
        for (CachedObject victim : evicted) {
            try {
                Files.deleteIfExists(victim.file());
            } catch (IOException ignored) {
                // It will be found and dropped again at the next start.
            }
        }
        log.info("Edge cache at {}: {} entries, {} bytes of at most {}", root, entries(), totalBytes(), maxBytes);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
