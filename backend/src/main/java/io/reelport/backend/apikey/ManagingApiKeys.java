package io.reelport.backend.apikey;

import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.problem.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, listing and revoking API keys. Only a person (an access token, not another key) who is
 * an editor or admin creates keys, with a role no higher than their own; the secret is returned
 * once and only its hash is kept.
 */
@Component
class ManagingApiKeys {

    private final ApiKeys keys;
    private final AuditTrail auditTrail;
    private final Clock clock;

    ManagingApiKeys(ApiKeys keys, AuditTrail auditTrail, Clock clock) {
        this.keys = keys;
        this.auditTrail = auditTrail;
        this.clock = clock;
    }

    @Transactional
    CreatedKey create(Caller caller, String name, Role requestedRole, Instant expiresAt) {
        if (caller.apiKeyId().isPresent()) {
            throw ApiProblem.forbidden("api_key_cannot_manage_keys",
                    "API keys cannot create keys; log in as a user to create one.");
        }
        if (!caller.can(Role.EDITOR)) {
            throw ApiProblem.forbidden("forbidden", "Only editors and admins create API keys.");
        }
        Role role = requestedRole == null ? caller.role() : requestedRole;
        if (!caller.role().includes(role)) {
            throw ApiProblem.forbidden("role_too_high", "A key's role cannot be higher than your own (" + caller.role()
                    + ").").with("field", "role");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiProblem.badRequest("invalid_expiry", "expiresAt must be in the future.").with("field", "expiresAt");
        }
        String secret = ApiKeySecret.generate();
        ApiKey key = keys.save(new ApiKey(UUID.randomUUID(), caller.userId(), name.strip(), role,
                ApiKeySecret.shownPrefix(secret), ApiKeySecret.hash(secret), now, expiresAt));
        auditTrail.record(AuditEntry.by(caller, "api_key.create", AuditOutcome.SUCCESS).target("api_key", key.id())
                .detail("role " + role));
        return new CreatedKey(key, secret);
    }

    @Transactional(readOnly = true)
    List<ApiKey> listOwn(Caller caller) {
        return keys.findByOwnerIdOrderByCreatedAtDesc(caller.userId());
    }

    /** The owner or an admin revokes; anyone else is told the key does not exist. */
    @Transactional
    void revoke(Caller caller, UUID id) {
        ApiKey key = keys.findById(id)
                .filter(found -> found.ownerId().equals(caller.userId()) || caller.can(Role.ADMIN))
                .orElseThrow(() -> ApiProblem.notFound("api_key_not_found", "There is no API key " + id + " of yours."));
        if (key.revokedAt() == null) {
            key.revoke(clock.instant());
            auditTrail.record(AuditEntry.by(caller, "api_key.revoke", AuditOutcome.SUCCESS).target("api_key", id));
        }
    }

    record CreatedKey(ApiKey key, String secret) {
    }
}
