package io.reelport.edge.cache;

import io.reelport.edge.storage.ObjectMeta;
import java.nio.file.Path;

/**
 * A complete object in the cache: one file holding a small header and then the body, so that the
 * rename that publishes it is a single atomic step.
 *
 * @param bodyOffset where the body starts in {@code file}
 */
public record CachedObject(String key, Path file, long bodyOffset, ObjectMeta meta) {

    public long fileSize() {
        return bodyOffset + meta.length();
    }
}
