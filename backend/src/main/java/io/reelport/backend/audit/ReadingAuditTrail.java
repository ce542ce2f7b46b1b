package io.reelport.backend.audit;

import io.reelport.backend.platform.paging.Cursor;
import io.reelport.backend.platform.paging.CursorPage;
import io.reelport.backend.platform.problem.ApiProblem;
import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

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
    @Transactional(readOnly = true)
    CursorPage<AuditEvent> read(AuditFilter filter, String cursor, int limit) {
        Long before = cursor == null ? null : parseCursor(cursor);
        Specification<AuditEvent> where = (root, query, cb) -> {
            List<Predicate> predicates = new ArrayList<>();
            if (before != null) {
                predicates.add(cb.lessThan(root.get("id"), before));
            }
            if (filter.actor() != null) {
                predicates.add(cb.equal(root.get("actorUserId"), filter.actor()));
            }
            if (filter.action() != null) {
                predicates.add(cb.equal(root.get("action"), filter.action()));
            }
            if (filter.targetType() != null) {
                predicates.add(cb.equal(root.get("targetType"), filter.targetType()));
            }
            if (filter.targetId() != null) {
                predicates.add(cb.equal(root.get("targetId"), filter.targetId()));
            }
            if (filter.outcome() != null) {
                predicates.add(cb.equal(root.get("outcome"), filter.outcome()));
            }
            if (filter.from() != null) {
                predicates.add(cb.greaterThanOrEqualTo(root.get("occurredAt"), filter.from()));
            }
            if (filter.to() != null) {
                predicates.add(cb.lessThan(root.get("occurredAt"), filter.to()));
            }
            return cb.and(predicates.toArray(Predicate[]::new));
        };
        List<AuditEvent> fetched = events.findAll(where, PageRequest.of(0, limit + 1, Sort.by(Sort.Direction.DESC, "id")))
                .getContent();
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
