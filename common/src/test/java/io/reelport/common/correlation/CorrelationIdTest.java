package io.reelport.common.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CorrelationIdTest {

    @Test
    void acceptsSensibleClientIdsAndReplacesTheRest() {
        assertThat(CorrelationId.acceptOrGenerate("req-2f1c9a7e")).isEqualTo("req-2f1c9a7e");
        assertThat(CorrelationId.acceptOrGenerate("01HF8Z3K1Q2W3E4R5T6Y7U8I9O")).isEqualTo("01HF8Z3K1Q2W3E4R5T6Y7U8I9O");
        for (String refused : new String[] {null, "", "short", "x".repeat(65), "id with spaces", "line\nbreak",
                "{\"json\":1}", "ünïcode-id-123"}) {
            String id = CorrelationId.acceptOrGenerate(refused);
            assertThat(id).as("for %s", refused).isNotEqualTo(refused).matches("[0-9a-f-]{36}");
        }
        assertThat(CorrelationId.generate()).isNotEqualTo(CorrelationId.generate());
    }

    @Test
    void generatedIdsAreDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = CorrelationId.generate();
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).as(id).isEqualTo(4);
            assertThat(parsed.variant()).as(id).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void aScopeRestoresWhatWasThere() {
        MDC.remove(CorrelationId.MDC_KEY);
        try (CorrelationId.Scope outer = CorrelationId.scope("outer-request-1")) {
            assertThat(CorrelationId.current()).hasValue("outer-request-1");
            try (CorrelationId.Scope inner = CorrelationId.scope("inner-job-0001")) {
                assertThat(MDC.get("correlationId")).isEqualTo("inner-job-0001");
            }
            assertThat(CorrelationId.current()).hasValue("outer-request-1");
            try (CorrelationId.Scope none = CorrelationId.scope(null)) {
                assertThat(CorrelationId.current()).hasValue("outer-request-1");
            }
        }
        assertThat(CorrelationId.current()).isEmpty();
    }
}
