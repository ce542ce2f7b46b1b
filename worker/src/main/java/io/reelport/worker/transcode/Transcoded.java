package io.reelport.worker.transcode;

import io.reelport.common.jobs.Rendition;
import java.nio.file.Path;
import java.util.List;

/**
 * What a transcode left in {@code directory}: every file there is part of the preview set, laid out
 * as it will be under the version's preview prefix, and {@code renditions} describes them.
 *
 * @param mediaSeconds  how much media was transcoded (for the realtime factor)
 */
public record Transcoded(Path directory, List<Rendition> renditions, double mediaSeconds) {
}
