package io.reelport.worker.transcode;

import io.reelport.common.jobs.ProbeMetadata;

/**
 * A source as the transcoder sees it.
 *
 * @param displayWidth  width as shown, rotation applied (0 without video)
 * @param displayHeight height as shown, rotation applied
 */
public record ProbedMedia(Kind kind, ProbeMetadata metadata, int displayWidth, int displayHeight, double durationSeconds,
                          double frameRate, boolean hasAudio) {

    public enum Kind { VIDEO, AUDIO, IMAGE }
}
