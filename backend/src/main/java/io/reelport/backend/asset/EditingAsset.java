package io.reelport.backend.asset;

import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.problem.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, renaming and deleting assets: the parts of an asset that are only its row. */
@Service
public class EditingAsset {

    static final int MAX_TITLE = 300;
    static final int MAX_DESCRIPTION = 5000;

    private final Assets assets;
    private final Clock clock;
    private final AuditTrail audit;

    EditingAsset(Assets assets, Clock clock, AuditTrail audit) {
        this.assets = assets;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Asset create(Caller caller, String title, String description) {
        if (!caller.can(io.reelport.backend.auth.Role.EDITOR)) {
            throw ApiProblem.forbidden("asset_forbidden", "role " + caller.role() + " may not create assets");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Asset asset = new Asset(UUID.randomUUID(), caller.userId(), checkedTitle(title), checkedDescription(description),
                AssetStatus.AWAITING_UPLOAD, null, now, now, null);
        assets.insert(asset);
        audit.record(AuditEntry.by(caller, "asset.create", AuditOutcome.SUCCESS).target("asset", asset.id()));
        return asset;
    }

    /** Changes what is given; a null field stays as it was. */
    @Transactional
    public Asset edit(Caller caller, UUID assetId, String title, String description) {
        Asset asset = assets.lockManageable(assetId, caller);
        String newTitle = title == null ? asset.title() : checkedTitle(title);
        String newDescription = description == null ? asset.description() : checkedDescription(description);
        assets.rename(assetId, newTitle, newDescription, clock.instant());
        audit.record(AuditEntry.by(caller, "asset.update", AuditOutcome.SUCCESS).target("asset", assetId));
        return assets.find(assetId).orElseThrow();
    }

    /**
     * Soft delete: the asset disappears from the API at once; its previews and staging objects are
     * removed by {@link DeletedAssetCleanup}, and its masters stay until their retention ends.
     */
    @Transactional
    public void delete(Caller caller, UUID assetId) {
        assets.lockManageable(assetId, caller);
        assets.markDeleted(assetId, clock.instant());
        audit.record(AuditEntry.by(caller, "asset.delete", AuditOutcome.SUCCESS).target("asset", assetId));
    }

    private static String checkedTitle(String title) {
        String stripped = title == null ? "" : title.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_TITLE || stripped.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.badRequest("asset_title_invalid", "title must be 1 to " + MAX_TITLE
                    + " characters without control characters");
        }
        return stripped;
    }

    private static String checkedDescription(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw ApiProblem.badRequest("asset_description_invalid", "description must be at most " + MAX_DESCRIPTION + " characters");
        }
        return description.strip();
    }
}
