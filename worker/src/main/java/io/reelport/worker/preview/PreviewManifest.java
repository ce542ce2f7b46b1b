package io.reelport.worker.preview;

import io.reelport.common.jobs.ProbeMetadata;
import io.reelport.common.jobs.Rendition;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code manifest.json}, written last under a version's preview prefix: its presence means the
 * set is complete, and it names the job that wrote it, so a redelivery of that job is a no-op and
 * a reprocess (a new job id) rewrites the set.
 *
 * @param files every object of the set, relative to the prefix, manifest excluded
 */
public record PreviewManifest(
        int version,
        UUID jobId,
        UUID assetId,
        UUID versionId,
        int attempt,
        String worker,
        Instant completedAt,
        String masterKey,
        String sha256,
        long bytes,
        String kind,
        ProbeMetadata probe,
        List<Rendition> renditions,
        List<File> files) {

    public static final int VERSION = 1;

    public record File(String path, long bytes, String contentType) {
    }
}
