package io.reelport.common.jobs;

import java.util.List;

/**
 * What ffprobe found in a source, as reported with a success event and stored on the version.
 * Fields that do not apply (video fields of an audio file) are null.
 *
 * @param rotation display rotation in degrees (phone video), 0 when none
 */
public record ProbeMetadata(
        Double durationSeconds,
        String container,
        Long bitRate,
        Integer width,
        Integer height,
        Integer rotation,
        Double frameRate,
        String videoCodec,
        String audioCodec,
        Integer audioChannels,
        Integer audioSampleRate,
        List<Stream> streams) {

    public record Stream(int index, String type, String codec, Integer width, Integer height, Double frameRate,
                         Integer channels, Integer sampleRate) {
    }
}
