package io.reelport.backend.version;

import io.reelport.backend.asset.Assets;
import io.reelport.backend.asset.AssetStatus;
import io.reelport.backend.asset.Refusal;
import io.reelport.backend.auth.Caller;
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

    PublishingVersion(Assets assets, Versions versions, Clock clock) {
        this.assets = assets;
        this.versions = versions;
        this.clock = clock;
    }

    @Transactional
    public Version publish(Caller caller, UUID assetId, UUID versionId) {
        assets.lockManageable(assetId, caller);
        Version version = versions.find(versionId).filter(found -> found.assetId().equals(assetId))
                .orElseThrow(() -> Refusal.notFound("version", versionId));
        if (version.status() != VersionStatus.READY) {
            throw Refusal.conflict("version_not_ready", "version " + versionId + " is "
                    + version.status() + "; only a READY version can go live");
        }
        assets.updateStatus(assetId, AssetStatus.READY, versionId, clock.instant());
        return version;
    }
}
