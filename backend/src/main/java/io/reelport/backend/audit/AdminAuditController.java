package io.reelport.backend.audit;

import io.reelport.backend.platform.paging.CursorPage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/audit")
@PreAuthorize("hasRole('ADMIN')")
class AdminAuditController {

    private final ReadingAuditTrail reading;

    AdminAuditController(ReadingAuditTrail reading) {
        this.reading = reading;
    }

    /** Newest first; {@code nextCursor} fetches the next (older) page. Times are ISO-8601. */
    @GetMapping
    CursorPage<AuditView> list(@RequestParam(required = false) UUID actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) AuditOutcome outcome,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        CursorPage<AuditEvent> page = reading.read(
                new ReadingAuditTrail.AuditFilter(actor, action, targetType, targetId, outcome, from, to), cursor, limit);
        return new CursorPage<>(page.items().stream().map(AuditView::of).toList(), page.nextCursor());
    }

    record AuditView(long id, Instant occurredAt, UUID actorUserId, UUID actorApiKeyId, String actorLabel, String action,
            String targetType, String targetId, AuditOutcome outcome, String clientIp, String userAgent, String detail) {
        static AuditView of(AuditEvent event) {
            AuditEntry entry = event.entry();
            return new AuditView(event.id(), event.occurredAt(), entry.actorUserId(), entry.actorApiKeyId(),
                    entry.actorLabel(), entry.action(), entry.targetType(), entry.targetId(), entry.outcome(),
                    event.clientIp(), event.userAgent(), entry.detail());
        }
    }
}
