package io.reelport.edge.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactedUrisTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/p/1.abc.def/a/b/hls/master.m3u8 | /p/{token}/a/b/hls/master.m3u8",
            "/p/1.abc.def                     | /p/{token}",
            "/p/1.abc.def?x=1                 | /p/{token}?x=1",
            "/p/1.abc.def/a?t=1.abc.def       | /p/{token}/a?t=1.abc.def",
            "/actuator/health                 | /actuator/health"})
    void replacesTheTokenSegment(String uri, String logged) {
        assertThat(RedactedUris.redact(uri)).isEqualTo(logged);
    }
}
