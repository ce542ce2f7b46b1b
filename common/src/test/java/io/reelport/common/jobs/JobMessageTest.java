package io.reelport.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobMessageTest {

    static JobMessage ingestJob() {
        UUID asset = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        return new JobMessage(UUID.randomUUID(), JobType.INGEST_AND_TRANSCODE, asset, version, 1,
                "staging/" + asset + "/u1/clip.mp4", "masters/" + asset + "/" + version + "/source.mp4",
                "previews/" + asset + "/" + version + "/", "a".repeat(64), 1234567L, "default",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "req-42",
                Instant.parse("2026-11-25T12:00:00.123456Z"));
    }

    @Test
    void roundTripsThroughStreamFields() {
        JobMessage job = ingestJob();

        Map<String, String> fields = job.toFields();

        assertThat(fields).containsEntry("v", "1").containsEntry("type", "INGEST_AND_TRANSCODE")
                .containsEntry("attempt", "1").containsEntry("enqueuedAt", "2026-11-25T12:00:00.123456Z");
        assertThat(fields.values()).doesNotContainNull();
        assertThat(JobMessage.fromFields(fields)).isEqualTo(job);
    }

    @Test
    void optionalFieldsAreLeftOutAndReadBackAsNull() {
        JobMessage job = ingestJob();
        JobMessage transcode = new JobMessage(job.jobId(), JobType.TRANSCODE, job.assetId(), job.versionId(), 1, null,
                job.masterKey(), job.previewPrefix(), null, 0, "default", null, null, job.enqueuedAt());

        Map<String, String> fields = transcode.toFields();

        assertThat(fields).doesNotContainKeys("stagingKey", "expectedSha256", "traceParent", "correlationId");
        assertThat(JobMessage.fromFields(fields)).isEqualTo(transcode);
    }

    @Test
    void nextAttemptKeepsTheJobAndCountsUp() {
        JobMessage job = ingestJob();
        Instant later = job.enqueuedAt().plusSeconds(30);

        JobMessage retry = job.nextAttempt(later);

        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.jobId()).isEqualTo(job.jobId());
        assertThat(retry.enqueuedAt()).isEqualTo(later);
    }

    @Test
    void anUnknownVersionIsRefusedClearly() {
        Map<String, String> fields = new HashMap<>(ingestJob().toFields());
        fields.put("v", "2");

        assertThatThrownBy(() -> JobMessage.fromFields(fields))
                .isInstanceOf(UnsupportedMessageVersionException.class)
                .hasMessage("job message version '2' is not supported by this service (it reads version 1);"
                        + " deploy matching versions of backend and worker");
    }

    @Test
    void aMissingVersionIsRefused() {
        Map<String, String> fields = new HashMap<>(ingestJob().toFields());
        fields.remove("v");

        assertThatThrownBy(() -> JobMessage.fromFields(fields))
                .isInstanceOf(MessageFormatException.class)
                .hasMessage("job message has no version field 'v'");
    }

    @Test
    void badFieldsAreRefusedNamingTheField() {
        assertRefused("jobId", "nope", "field 'jobId' is not a UUID: 'nope'");
        assertRefused("type", "DANCE", "field 'type' has unknown value 'DANCE'");
        assertRefused("attempt", "one", "field 'attempt' is not an integer: 'one'");
        assertRefused("attempt", "99999999999", "field 'attempt' is not an integer");
        assertRefused("attempt", "0", "attempt starts at 1");
        assertRefused("enqueuedAt", "yesterday", "field 'enqueuedAt' is not an ISO-8601 instant");
        assertRefused("expectedSha256", "ABC", "expectedSha256 must be 64 lower-case hex digits");
        assertRefused("masterKey", null, "field 'masterKey' is missing");
        assertRefused("stagingKey", null, "an ingest job needs a staging key");
        assertThatThrownBy(() -> JobMessage.fromFields(null)).isInstanceOf(MessageFormatException.class);
    }

    private static void assertRefused(String field, String value, String message) {
        Map<String, String> fields = new HashMap<>(ingestJob().toFields());
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        assertThatThrownBy(() -> JobMessage.fromFields(fields))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining(message);
    }
}
