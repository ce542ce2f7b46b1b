package io.reelport.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreviewFileTypeTest {

    @ParameterizedTest
    @CsvSource({"a/b/hls/master.m3u8, PLAYLIST", "a/b/hls/720p/SEG_1.M4S, FMP4_SEGMENT", "a/b/preview.mp4, MP4",
            "a/b/x.ts, TS_SEGMENT", "a/b/poster.jpg, JPEG", "a/b/thumbs/thumbs.vtt, WEBVTT", "a/b/manifest.json, JSON",
            "a/b/noextension, OTHER", "a/b.dir/noextension, OTHER", "a/b/.m3u8x, OTHER"})
    void byExtension(String path, PreviewFileType type) {
        assertThat(PreviewFileType.of(path)).isEqualTo(type);
    }
}
