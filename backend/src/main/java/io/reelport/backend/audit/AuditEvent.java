package io.reelport.backend.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One row of the audit trail; written once, never updated. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant occurredAt;

    private UUID actorUserId;
    private UUID actorApiKeyId;
    private String actorLabel;

    @Column(nullable = false)
    private String action;

    private String targetType;
    private String targetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AuditOutcome outcome;

    private String clientIp;
    private String userAgent;
    private String detail;

    protected AuditEvent() {
    }

    AuditEvent(AuditEntry entry, Instant occurredAt, String clientIp, String userAgent) {
        this.occurredAt = occurredAt;
        this.actorUserId = entry.actorUserId();
        this.actorApiKeyId = entry.actorApiKeyId();
        this.actorLabel = truncate(entry.actorLabel(), 320);
        this.action = entry.action();
        this.targetType = entry.targetType();
        this.targetId = truncate(entry.targetId(), 128);
        this.outcome = entry.outcome();
        this.clientIp = truncate(clientIp, 45);
        this.userAgent = truncate(userAgent, 512);
        this.detail = truncate(entry.detail(), 1000);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    public Long id() {
        return id;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public UUID actorUserId() {
        return actorUserId;
    }

    public UUID actorApiKeyId() {
        return actorApiKeyId;
    }

    public String actorLabel() {
        return actorLabel;
    }

    public String action() {
        return action;
    }

    public String targetType() {
        return targetType;
    }

    public String targetId() {
        return targetId;
    }

    public AuditOutcome outcome() {
        return outcome;
    }

    public String clientIp() {
        return clientIp;
    }

    public String userAgent() {
        return userAgent;
    }

    public String detail() {
        return detail;
    }
}
