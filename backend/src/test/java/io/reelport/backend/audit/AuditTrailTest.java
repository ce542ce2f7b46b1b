package io.reelport.backend.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelport.backend.audit.ReadingAuditTrail.AuditFilter;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.support.BackendHttpTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The trail writes what features tell it, outside an HTTP request too, and reads it back filtered. */
class AuditTrailTest extends BackendHttpTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditEvents events;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void recordsActorActionTargetAndOutcome() {
        UUID user = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        trail.record(AuditEntry.by(new Caller(user, Role.EDITOR, Optional.of(key)), "asset.delete", AuditOutcome.SUCCESS)
                .target("asset", "a-1").detail("by test"));

        AuditEvent saved = only(byActor(user));
        assertThat(saved.entry().actorApiKeyId()).isEqualTo(key);
        assertThat(saved.entry().action()).isEqualTo("asset.delete");
        assertThat(saved.entry().targetType()).isEqualTo("asset");
        assertThat(saved.entry().targetId()).isEqualTo("a-1");
        assertThat(saved.entry().outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(saved.entry().detail()).isEqualTo("by test");
        assertThat(saved.occurredAt()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(saved.clientIp()).as("no HTTP request, no address").isNull();
    }

    @Test
    void aRowRecordedInsideATransactionThatRollsBackIsGone() {
        UUID user = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            trail.record(AuditEntry.byUser(user, "asset.rename", AuditOutcome.SUCCESS));
            status.setRollbackOnly();
        });
        trail.record(AuditEntry.byUser(user, "asset.describe", AuditOutcome.SUCCESS));

        assertThat(byActor(user)).extracting(event -> event.entry().action()).containsExactly("asset.describe");
    }

    @Test
    void overlongTextIsCutToTheColumnsRatherThanLosingTheRow() {
        UUID user = UUID.randomUUID();
        trail.record(new AuditEntry(user, null, "x".repeat(400), "auth.login", "user", "t".repeat(200),
                AuditOutcome.FAILURE, "d".repeat(2000)));

        AuditEvent saved = only(byActor(user));
        assertThat(saved.entry().actorLabel()).hasSize(320);
        assertThat(saved.entry().targetId()).hasSize(128);
        assertThat(saved.entry().detail()).hasSize(1000);
    }

    @Test
    void eachFilterNarrowsAndTheNewestComeFirst() {
        UUID user = UUID.randomUUID();
        String target = UUID.randomUUID().toString();
        trail.record(AuditEntry.byUser(user, "asset.create", AuditOutcome.SUCCESS).target("asset", target));
        trail.record(AuditEntry.byUser(user, "asset.delete", AuditOutcome.DENIED).target("asset", target));
        trail.record(AuditEntry.byUser(user, "upload.create", AuditOutcome.SUCCESS).target("upload", target));
        List<AuditEvent> all = byActor(user);
        assertThat(all).extracting(event -> event.entry().action()).containsExactly("upload.create", "asset.delete", "asset.create");

        assertThat(events.newest(filter(user, "asset.delete", null, null, null, null, null), null, 10))
                .extracting(event -> event.entry().action()).containsExactly("asset.delete");
        assertThat(events.newest(filter(user, null, "asset", target, null, null, null), null, 10))
                .extracting(event -> event.entry().action()).containsExactly("asset.delete", "asset.create");
        assertThat(events.newest(filter(user, null, null, null, AuditOutcome.DENIED, null, null), null, 10))
                .extracting(event -> event.entry().action()).containsExactly("asset.delete");
        assertThat(events.newest(filter(user, null, null, null, null, all.get(1).occurredAt(), null), null, 10))
                .extracting(event -> event.entry().action()).containsExactly("upload.create", "asset.delete");
        assertThat(events.newest(filter(user, null, null, null, null, null, all.get(1).occurredAt()), null, 10))
                .extracting(event -> event.entry().action()).containsExactly("asset.create");
        assertThat(events.newest(filter(user, null, null, null, null, null, null), all.get(0).id(), 1))
                .as("older than the cursor, at most the limit").extracting(event -> event.entry().action())
                .containsExactly("asset.delete");
    }

    private List<AuditEvent> byActor(UUID user) {
        return events.newest(filter(user, null, null, null, null, null, null), null, 100);
    }

    private static AuditFilter filter(UUID actor, String action, String targetType, String targetId, AuditOutcome outcome,
            Instant from, Instant to) {
        return new AuditFilter(actor, action, targetType, targetId, outcome, from, to);
    }

    private static AuditEvent only(List<AuditEvent> found) {
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
