package io.reelport.backend.audit;

import java.time.Instant;

/**
 * One row of the audit trail, as read back; written once, never updated.
 *
 * @param id    assigned by the database, in insertion order: the listing's cursor
 * @param entry what the feature recorded, its text cut to the columns' lengths
 */
public record AuditEvent(long id, Instant occurredAt, AuditEntry entry, String clientIp, String userAgent) {
}
