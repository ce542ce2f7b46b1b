package io.reelport.backend.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.support.BackendHttpTest;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The trail writes what features tell it, outside an HTTP request too. */
class AuditTrailTest extends BackendHttpTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditEvents events;

    @Test
    void recordsActorActionTargetAndOutcome() {
        UUID user = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        trail.record(AuditEntry.by(new Caller(user, Role.EDITOR, Optional.of(key)), "asset.delete", AuditOutcome.SUCCESS)
                .target("asset", "a-1").detail("by test"));

        AuditEvent saved = events.findAll().stream().filter(e -> user.equals(e.actorUserId())).findFirst().orElseThrow();
        assertThat(saved.actorApiKeyId()).isEqualTo(key);
        assertThat(saved.action()).isEqualTo("asset.delete");
        assertThat(saved.targetType()).isEqualTo("asset");
        assertThat(saved.targetId()).isEqualTo("a-1");
        assertThat(saved.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(saved.detail()).isEqualTo("by test");
        assertThat(saved.occurredAt()).isNotNull();
    }
}
