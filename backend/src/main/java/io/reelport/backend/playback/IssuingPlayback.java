package io.reelport.backend.playback;

import io.reelport.backend.asset.Asset;
import io.reelport.backend.asset.Assets;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.problem.ApiProblem;
import io.reelport.backend.version.Version;
import io.reelport.backend.version.VersionStatus;
import io.reelport.backend.version.Versions;
import io.reelport.common.playback.PlaybackGrantRequest;
import io.reelport.common.playback.PlaybackTokenSigner;
import io.reelport.common.storage.StorageKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signs edge URLs for one version's previews. One token grants the version's whole preview prefix,
 * so the relative URIs inside the HLS playlists resolve under it. The live version is for everyone
 * who can read the asset; any other ready version only for its reviewers.
 */
@Service
public class IssuingPlayback {

    static final String HLS = "hls/master.m3u8";
    static final String POSTER = "poster.jpg";
    static final String MP4 = "preview.mp4";
    static final String THUMBNAILS = "thumbs/thumbnails.vtt";

    private final Assets assets;
    private final Versions versions;
    private final PlaybackTokenSigner signer;
    private final PlaybackUrlProperties properties;
    private final Clock clock;

    IssuingPlayback(Assets assets, Versions versions, PlaybackTokenSigner signer, PlaybackUrlProperties properties,
                    Clock clock) {
        this.assets = assets;
        this.versions = versions;
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
    }

    public record Request(UUID versionId, Long ttlSeconds) {
    }

    public record Urls(UUID versionId, String hlsUrl, String posterUrl, String mp4Url, String thumbnailsUrl,
                       Instant expiresAt) {
    }

    @Transactional(readOnly = true)
    public Urls issue(Caller caller, UUID assetId, Request request) {
        Asset asset = assets.find(assetId).orElseThrow(() -> ApiProblem.noSuch("asset", assetId));
        if (asset.deleted()) {
            throw new ApiProblem(org.springframework.http.HttpStatus.GONE, "asset_deleted", "asset " + assetId + " is deleted");
        }
        Duration ttl = ttl(request.ttlSeconds());
        UUID versionId = request.versionId() != null ? request.versionId() : asset.liveVersionId();
        if (versionId == null) {
            throw ApiProblem.conflict("asset_not_ready", "asset " + assetId + " has no live version yet");
        }
        boolean live = versionId.equals(asset.liveVersionId());
        if (!live && !asset.reviewableBy(caller)) {
            // A viewer learns nothing about versions that are not live.
            throw ApiProblem.noSuch("version", versionId);
        }
        Version version = versions.find(versionId).filter(found -> found.assetId().equals(assetId))
                .orElseThrow(() -> ApiProblem.noSuch("version", versionId));
        if (version.status() != VersionStatus.READY) {
            throw ApiProblem.conflict("version_not_ready", "version " + versionId + " is " + version.status()
                    + "; playback needs a READY version");
        }
        Instant expiresAt = clock.instant().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        String prefix = StorageKeys.playbackPrefix(assetId, versionId);
        String token = signer.sign(new PlaybackGrantRequest(prefix, expiresAt));
        String base = properties.edgePublicUrl() + "/p/" + token + "/" + prefix;
        return new Urls(versionId, base + HLS, base + POSTER, base + MP4, base + THUMBNAILS, expiresAt);
    }

    private Duration ttl(Long ttlSeconds) {
        if (ttlSeconds == null) {
            return properties.defaultTtl();
        }
        if (ttlSeconds < 1 || ttlSeconds > properties.maxTtl().toSeconds()) {
            throw ApiProblem.badRequest("playback_ttl_invalid", "ttlSeconds must be between 1 and "
                    + properties.maxTtl().toSeconds());
        }
        return Duration.ofSeconds(ttlSeconds);
    }
}
