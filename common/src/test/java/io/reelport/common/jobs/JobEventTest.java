package io.reelport.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobEventTest {

    final JobEvent.Header header = JobEvent.Header.of(JobMessageTest.ingestJob(), 1_764_072_000_000_001L,
            Instant.parse("2026-11-25T12:00:01Z"), "worker-host-1234");

    static ProbeMetadata probe() {
        return new ProbeMetadata(10.0, "mov,mp4,m4a,3gp,3g2,mj2", 2_000_000L, 1920, 1080, 0, 30.0, "h264", "aac", 2,
                48000, List.of(new ProbeMetadata.Stream(0, "video", "h264", 1920, 1080, 30.0, null, null),
                        new ProbeMetadata.Stream(1, "audio", "aac", null, null, null, 2, 48000)));
    }

    @Test
    void everyEventTypeRoundTrips() {
        List<JobEvent> events = List.of(
                new JobEvent.Started(header),
                new JobEvent.Progress(header, 42, "transcode"),
                new JobEvent.Succeeded(header, "b".repeat(64), 1234567L, probe(),
                        List.of(new Rendition("720p", Rendition.Kind.HLS_VIDEO, "hls/720p/index.m3u8", 1280, 720,
                                3_000_000, "avc1.64001f,mp4a.40.2", 900_000L, 10.0)),
                        "previews/a/v/manifest.json"),
                new JobEvent.Failed(header, "CHECKSUM_MISMATCH", "declared sha256 differs from the upload's", false));

        for (JobEvent event : events) {
            assertThat(JobEvent.fromFields(event.toFields())).isEqualTo(event);
        }
    }

    @Test
    void progressOutsideZeroToHundredIsRefused() {
        Map<String, String> fields = new HashMap<>(new JobEvent.Progress(header, 5, "ingest").toFields());
        fields.put("percent", "101");

        assertThatThrownBy(() -> JobEvent.fromFields(fields))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("percent must be 0..100");
    }

    @Test
    void unknownEventTypesAndVersionsAreRefused() {
        Map<String, String> fields = new HashMap<>(new JobEvent.Started(header).toFields());
        fields.put("event", "exploded");
        assertThatThrownBy(() -> JobEvent.fromFields(fields))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("unknown type 'exploded'");

        fields.put("v", "7");
        assertThatThrownBy(() -> JobEvent.fromFields(fields))
                .isInstanceOf(UnsupportedMessageVersionException.class)
                .hasMessageStartingWith("job event version '7' is not supported");
    }

    @Test
    void brokenJsonInASuccessIsRefusedNamingTheField() {
        Map<String, String> fields = new HashMap<>(new JobEvent.Succeeded(header, "c".repeat(64), 1, probe(),
                List.of(), "m").toFields());
        fields.put("probe", "{not json");

        assertThatThrownBy(() -> JobEvent.fromFields(fields))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("field 'probe' is not valid JSON");
    }

    @Test
    void aFailureWithoutRetryableFlagIsRefused() {
        Map<String, String> fields = new HashMap<>(new JobEvent.Failed(header, "X", "y", true).toFields());
        fields.put("retryable", "maybe");

        assertThatThrownBy(() -> JobEvent.fromFields(fields))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("field 'retryable' is not true or false");
    }
}
