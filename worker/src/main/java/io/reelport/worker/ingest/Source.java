package io.reelport.worker.ingest;

import java.nio.file.Path;

/**
 * The job's source on local disk, with what was measured while it was read.
 *
 * @param fromStaging whether it came from the staging upload (and still has to be copied to masters)
 */
public record Source(Path file, String sha256, long bytes, boolean fromStaging) {
}
