package io.reelport.backend.asset;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.problem.ApiProblem;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/assets")
class AssetController {

    private final EditingAsset editing;
    private final AssetCatalog catalog;
    private final AssetViews views;

    AssetController(EditingAsset editing, AssetCatalog catalog, AssetViews views) {
        this.editing = editing;
        this.catalog = catalog;
        this.views = views;
    }

    record AssetRequest(String title, String description) {
    }

    @PostMapping
    ResponseEntity<AssetViews.AssetView> create(@AuthenticationPrincipal Caller caller,
                                                @RequestBody AssetRequest request) {
        Asset asset = editing.create(caller, request.title(), request.description());
        return ResponseEntity.created(URI.create("/api/assets/" + asset.id())).body(views.detail(asset.id()));
    }

    /** Newest first; {@code owner=me} for the caller's own assets, {@code q} matches titles. */
    @GetMapping
    AssetViews.ListView list(@RequestParam(required = false) String status, @RequestParam(required = false) String q,
                             @RequestParam(required = false) String owner, @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) Integer limit, @AuthenticationPrincipal Caller caller) {
        AssetCatalog.Page page = catalog.list(new AssetCatalog.Filter(status(status), q, owner(owner, caller)), cursor, limit);
        return new AssetViews.ListView(page.items().stream().map(AssetViews::summary).toList(), page.nextCursor());
    }

    @GetMapping("/{assetId}")
    AssetViews.AssetView get(@PathVariable UUID assetId) {
        return views.detail(assetId);
    }

    @PatchMapping("/{assetId}")
    AssetViews.AssetView edit(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId,
                              @RequestBody AssetRequest request) {
        editing.edit(caller, assetId, request.title(), request.description());
        return views.detail(assetId);
    }

    @DeleteMapping("/{assetId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId) {
        editing.delete(caller, assetId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{assetId}/versions")
    java.util.List<AssetViews.VersionView> versions(@PathVariable UUID assetId) {
        return views.versions(assetId);
    }

    @GetMapping("/{assetId}/versions/{versionId}")
    AssetViews.VersionView version(@PathVariable UUID assetId, @PathVariable UUID versionId) {
        return views.version(assetId, versionId);
    }

    private static AssetStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return AssetStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw ApiProblem.badRequest("status_invalid", "status must be one of " + java.util.Arrays.toString(AssetStatus.values()));
        }
    }

    private static UUID owner(String owner, Caller caller) {
        if (owner == null || owner.isBlank()) {
            return null;
        }
        if (owner.equals("me")) {
            return caller.userId();
        }
        try {
            return UUID.fromString(owner);
        } catch (IllegalArgumentException bad) {
            throw ApiProblem.badRequest("owner_invalid", "owner must be 'me' or a user id");
        }
    }
}
