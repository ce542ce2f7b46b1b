package io.reelport.worker.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThumbnailTrackTest {

    @Test
    void cuesPointIntoSpriteSheetsRowByRow() {
        ThumbnailTrack track = new ThumbnailTrack(12, 2, 23.5, 160, 90, 10, 1);
        String vtt = track.toWebVtt();
        assertThat(vtt).startsWith("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nsprite_000.jpg#xywh=0,0,160,90\n");
        assertThat(vtt).contains("00:00:18.000 --> 00:00:20.000\nsprite_000.jpg#xywh=1440,0,160,90\n");
        assertThat(vtt).contains("00:00:20.000 --> 00:00:22.000\nsprite_001.jpg#xywh=0,0,160,90\n");
        assertThat(vtt).endsWith("00:00:22.000 --> 00:00:23.500\nsprite_001.jpg#xywh=160,0,160,90\n");
        assertThat(track.sheets()).isEqualTo(2);
    }

    @Test
    void timestampsCarryHours() {
        assertThat(ThumbnailTrack.timestamp(3723.25)).isEqualTo("01:02:03.250");
    }
}
