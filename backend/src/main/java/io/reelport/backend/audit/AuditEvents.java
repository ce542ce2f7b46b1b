package io.reelport.backend.audit;

import io.reelport.backend.audit.ReadingAuditTrail.AuditFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_events} table. Appending is one {@code INSERT} that joins the caller's
 * transaction when there is one (and commits on its own otherwise): it sits on the path of every
 * mutation, so it goes through plain JDBC like the other tables rather than an entity manager.
 */
@Repository
class AuditEvents {

    private final JdbcClient jdbc;

    AuditEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void append(AuditEntry entry, Instant occurredAt, String clientIp, String userAgent) {
        jdbc.sql("""
                insert into audit_events (occurred_at, actor_user_id, actor_api_key_id, actor_label, action, target_type,
                                          target_id, outcome, client_ip, user_agent, detail)
                values (:occurredAt, :actorUser, :actorKey, :actorLabel, :action, :targetType, :targetId, :outcome,
                        :clientIp, :userAgent, :detail)""")
                .param("occurredAt", Timestamp.from(occurredAt))
                .param("actorUser", entry.actorUserId())
                .param("actorKey", entry.actorApiKeyId())
                .param("actorLabel", truncate(entry.actorLabel(), 320))
                .param("action", entry.action())
                .param("targetType", entry.targetType())
                .param("targetId", truncate(entry.targetId(), 128))
                .param("outcome", entry.outcome().name())
                .param("clientIp", truncate(clientIp, 45))
                .param("userAgent", truncate(userAgent, 512))
                .param("detail", truncate(entry.detail(), 1000))
                .update();
    }

    /**
     * Newest first, older than {@code beforeId} when given. Only the filters that are set become
     * conditions, so each combination is planned with the index that fits it.
     */
    List<AuditEvent> newest(AuditFilter filter, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_events where true");
        condition(sql, beforeId, " and id < :before");
        condition(sql, filter.actor(), " and actor_user_id = :actor");
        condition(sql, filter.action(), " and action = :action");
        condition(sql, filter.targetType(), " and target_type = :targetType");
        condition(sql, filter.targetId(), " and target_id = :targetId");
        condition(sql, filter.outcome(), " and outcome = :outcome");
        condition(sql, filter.from(), " and occurred_at >= :from");
        condition(sql, filter.to(), " and occurred_at < :to");
        sql.append(" order by id desc limit :limit");
        // Named-parameter binding ignores the parameters the SQL does not name.
        return jdbc.sql(sql.toString())
                .param("limit", limit)
                .param("before", beforeId)
                .param("actor", filter.actor())
                .param("action", filter.action())
                .param("targetType", filter.targetType())
                .param("targetId", filter.targetId())
                .param("outcome", filter.outcome() == null ? null : filter.outcome().name())
                .param("from", filter.from() == null ? null : Timestamp.from(filter.from()))
                .param("to", filter.to() == null ? null : Timestamp.from(filter.to()))
                .query(AuditEvents::map).list();
    }

    private static void condition(StringBuilder sql, Object value, String condition) {
        if (value != null) {
            sql.append(condition);
        }
    }

    private static AuditEvent map(ResultSet row, int rowNumber) throws SQLException {
        return new AuditEvent(
                row.getLong("id"),
                row.getTimestamp("occurred_at").toInstant(),
                new AuditEntry(
                        row.getObject("actor_user_id", UUID.class),
                        row.getObject("actor_api_key_id", UUID.class),
                        row.getString("actor_label"),
                        row.getString("action"),
                        row.getString("target_type"),
                        row.getString("target_id"),
                        AuditOutcome.valueOf(row.getString("outcome")),
                        row.getString("detail")),
                row.getString("client_ip"),
                row.getString("user_agent"));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
