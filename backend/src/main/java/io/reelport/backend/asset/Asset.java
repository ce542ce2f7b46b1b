package io.reelport.backend.asset;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.problem.ApiProblem;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code assets}, with the permission rules that only need the row. */
public record Asset(UUID id, UUID ownerId, String title, String description, AssetStatus status,
                    UUID liveVersionId, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Editors manage their own assets, admins every asset; viewers manage none. */
    public boolean manageableBy(Caller caller) {
        return caller.can(Role.ADMIN) || (caller.can(Role.EDITOR) && ownerId.equals(caller.userId()));
    }

    /** Versions that are not live are for reviewers: the owner, editors and admins. */
    public boolean reviewableBy(Caller caller) {
        return caller.can(Role.EDITOR) || ownerId.equals(caller.userId());
    }

    public void requireManageableBy(Caller caller) {
        if (!manageableBy(caller)) {
            throw ApiProblem.forbidden("asset_forbidden", caller.can(Role.EDITOR)
                    ? "asset " + id + " belongs to another user; editors manage their own assets"
                    : "role " + caller.role() + " may not change assets");
        }
    }
}
