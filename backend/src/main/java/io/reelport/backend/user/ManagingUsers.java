package io.reelport.backend.user;

import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.paging.Cursor;
import io.reelport.backend.platform.paging.CursorPage;
import io.reelport.backend.platform.problem.ApiProblem;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What admins do to accounts: list them, change a role, disable and re-enable. A role change or a
 * disable bumps the user's token version, which the bearer filter checks on every request, so it
 * takes effect on the user's next request; disabling also ends their sessions.
 */
@Component
public class ManagingUsers {

    private final UserAccounts users;
    private final AuditTrail auditTrail;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ManagingUsers(UserAccounts users, AuditTrail auditTrail, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.auditTrail = auditTrail;
        this.events = events;
        this.clock = clock;
    }

    /** Users ordered by email, optionally only one role or only enabled/disabled ones. */
    @Transactional(readOnly = true)
    public CursorPage<UserAccount> list(String cursor, int limit, Role role, Boolean enabled) {
        String after = cursor == null ? null : Cursor.decode(cursor, 1).get(0);
        Specification<UserAccount> filter = (root, query, where) -> {
            List<Predicate> predicates = new ArrayList<>();
            if (after != null) {
                predicates.add(where.greaterThan(root.get("email"), after));
            }
            if (role != null) {
                predicates.add(where.equal(root.get("role"), role));
            }
            if (enabled != null) {
                predicates.add(where.equal(root.get("enabled"), enabled));
            }
            return where.and(predicates.toArray(Predicate[]::new));
        };
        List<UserAccount> fetched = users.findAll(filter, PageRequest.of(0, limit + 1, Sort.by("email"))).getContent();
        return CursorPage.of(fetched, limit, user -> Cursor.encode(user.email()), user -> user);
    }

    @Transactional(readOnly = true)
    public UserAccount get(UUID id) {
        return users.findById(id).orElseThrow(() -> notFound(id));
    }

    /** Applies the changes that are non-null; audits each one. */
    @Transactional
    public UserAccount update(Caller admin, UUID id, Role newRole, Boolean enable) {
        UserAccount user = users.findById(id).orElseThrow(() -> notFound(id));
        if (user.id().equals(admin.userId()) && (newRole != null && newRole != user.role() || Boolean.FALSE.equals(enable))) {
            // An admin who demotes or disables themself may leave nobody able to undo it.
            throw ApiProblem.conflict("cannot_change_own_account",
                    "Admins cannot change their own role or disable themselves; ask another admin.");
        }
        Instant now = clock.instant();
        if (newRole != null && newRole != user.role()) {
            Role before = user.role();
            user.changeRole(newRole, now);
            auditTrail.record(AuditEntry.by(admin, "user.role_change", AuditOutcome.SUCCESS).target("user", id)
                    .detail(before + " -> " + newRole));
        }
        if (Boolean.FALSE.equals(enable) && user.enabled()) {
            user.disable(now);
            events.publishEvent(new UserAccountDisabled(id));
            auditTrail.record(AuditEntry.by(admin, "user.disable", AuditOutcome.SUCCESS).target("user", id));
        } else if (Boolean.TRUE.equals(enable) && !user.enabled()) {
            user.enable(now);
            auditTrail.record(AuditEntry.by(admin, "user.enable", AuditOutcome.SUCCESS).target("user", id));
        }
        return users.saveAndFlush(user);
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("user_not_found", "There is no user " + id + ".");
    }
}
