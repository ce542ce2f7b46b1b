package io.reelport.backend.audit;

import io.reelport.backend.auth.Caller;
import java.util.Objects;
import java.util.UUID;

/**
 * What a feature tells the {@link AuditTrail}. The client's IP address, user agent and the time
 * are added by the trail.
 *
 * <pre>auditTrail.record(AuditEntry.by(caller, "asset.delete", AuditOutcome.SUCCESS).target("asset", id));</pre>
 *
 * @param action dotted, lower case, stable: {@code auth.login}, {@code user.role_change}, {@code api_key.create}
 */
public record AuditEntry(
        UUID actorUserId,
        UUID actorApiKeyId,
        String actorLabel,
        String action,
        String targetType,
        String targetId,
        AuditOutcome outcome,
        String detail) {

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An action by an authenticated caller (user or API key). */
    public static AuditEntry by(Caller caller, String action, AuditOutcome outcome) {
        return new AuditEntry(caller.userId(), caller.apiKeyId().orElse(null), null, action, null, null, outcome, null);
    }

    /** An action by a known user outside an authenticated request (a login). */
    public static AuditEntry byUser(UUID userId, String action, AuditOutcome outcome) {
        return new AuditEntry(userId, null, null, action, null, null, outcome, null);
    }

    /** An action by someone not (yet) identified, named by what they claimed, e.g. the email tried. */
    public static AuditEntry byAnonymous(String label, String action, AuditOutcome outcome) {
        return new AuditEntry(null, null, label, action, null, null, outcome, null);
    }

    /** An action the backend took on its own (bootstrap, reuse detection). */
    public static AuditEntry bySystem(String action, AuditOutcome outcome) {
        return new AuditEntry(null, null, "system", action, null, null, outcome, null);
    }

    public AuditEntry target(String type, Object id) {
        return new AuditEntry(actorUserId, actorApiKeyId, actorLabel, action, type, id == null ? null : id.toString(),
                outcome, detail);
    }

    /** A short human note: never a secret, a password or a token. */
    public AuditEntry detail(String note) {
        return new AuditEntry(actorUserId, actorApiKeyId, actorLabel, action, targetType, targetId, outcome, note);
    }
}
