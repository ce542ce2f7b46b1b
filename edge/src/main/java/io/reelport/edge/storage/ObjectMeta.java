package io.reelport.edge.storage;

import java.time.Instant;

/**
 * What the edge needs to answer for an object before its first byte: its size and validators.
 *
 * @param etag         the quoted entity tag the bucket gave, sent to players unchanged
 * @param lastModified whole seconds, as HTTP dates carry them
 */
public record ObjectMeta(long length, String etag, Instant lastModified) {
}
