package io.reelport.backend.audit;

import io.reelport.backend.platform.paging.Cursor;
import io.reelport.backend.platform.paging.CursorPage;
import io.reelport.backend.platform.problem.ApiProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The audit trail for operators: newest first, filtered, in pages. */
@Component
class ReadingAuditTrail {

    private final AuditEvents events;

    ReadingAuditTrail(AuditEvents events) {
        this.events = events;
    }

    /**
     * @param filter every non-null field narrows the result
     */
    CursorPage<AuditEvent> read(AuditFilter filter, String cursor, int limit) {
        Long before = cursor == null ? null : parseCursor(cursor);
        List<AuditEvent> fetched = events.newest(filter, before, limit + 1);
        return CursorPage.of(fetched, limit, event -> Cursor.encode(Long.toString(event.id())), event -> event);
    }

    private static Long parseCursor(String cursor) {
        try {
            return Long.parseLong(Cursor.decode(cursor, 1).get(0));
        } catch (NumberFormatException notOurs) {
            throw Cursor.invalid();
        }
    }

    record AuditFilter(UUID actor, String action, String targetType, String targetId, AuditOutcome outcome,
            Instant from, Instant to) {
        AuditFilter {
            if (from != null && to != null && !from.isBefore(to)) {
                throw ApiProblem.badRequest("invalid_time_range", "'from' must be before 'to'.");
            }
        }
    }
}
