package io.reelport.backend.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the audit trail; written once, never updated.
 *
 * @param id assigned by the database, in insertion order: the listing's cursor
 */
public record AuditEvent(
        long id,
        Instant occurredAt,
        UUID actorUserId,
        UUID actorApiKeyId,
        String actorLabel,
        String action,
        String targetType,
        String targetId,
        AuditOutcome outcome,
        String clientIp,
        String userAgent,
        String detail) {
}
