package io.reelport.backend.version;

import io.reelport.backend.asset.AssetStatus;
import io.reelport.backend.asset.Assets;
import io.reelport.backend.audit.AuditEntry;
import io.reelport.backend.audit.AuditOutcome;
import io.reelport.backend.audit.AuditTrail;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.problem.ApiProblem;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Makes a ready version the one players get (preview promotion): a new cut goes live only when someone says so. */
@Service
public class PublishingVersion {

    private final Assets assets;
    private final Versions versions;
    private final Clock clock;
    private final AuditTrail audit;

    PublishingVersion(Assets assets, Versions versions, Clock clock, AuditTrail audit) {
        this.assets = assets;
        this.audit = audit;
        this.versions = versions;
        this.clock = clock;
    }

    @Transactional
    public Version publish(Caller caller, UUID assetId, UUID versionId) {
        assets.lockManageable(assetId, caller);
        Version version = versions.find(versionId).filter(found -> found.assetId().equals(assetId))
                .orElseThrow(() -> ApiProblem.noSuch("version", versionId));
        if (version.status() != VersionStatus.READY) {
            throw ApiProblem.conflict("version_not_ready", "version " + versionId + " is "
                    + version.status() + "; only a READY version can go live");
        }
        assets.updateStatus(assetId, AssetStatus.READY, versionId, clock.instant());
        audit.record(AuditEntry.by(caller, "version.publish", AuditOutcome.SUCCESS).target("version", versionId)
                .detail("asset " + assetId));
        return version;
    }
}
