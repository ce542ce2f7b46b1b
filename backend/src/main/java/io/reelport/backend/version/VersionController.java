package io.reelport.backend.version;

import io.reelport.backend.asset.AssetViews;
import io.reelport.backend.auth.Caller;
import io.reelport.common.correlation.CorrelationId;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/assets/{assetId}")
class VersionController {

    private final PromotingUpload promoting;
    private final PublishingVersion publishing;
    private final ReprocessingVersion reprocessing;
    private final AssetViews views;

    VersionController(PromotingUpload promoting, PublishingVersion publishing, ReprocessingVersion reprocessing,
                      AssetViews views) {
        this.promoting = promoting;
        this.publishing = publishing;
        this.reprocessing = reprocessing;
        this.views = views;
    }

    record PromoteRequest(UUID uploadId, String sha256) {
    }

    record PromotionView(UUID versionId, UUID jobId, String status) {
    }

    record ReprocessView(UUID versionId, UUID jobId) {
    }

    /** 202 with the new version; a repeat (same upload or Idempotency-Key) answers with the same version. */
    @PostMapping("/promote")
    ResponseEntity<PromotionView> promote(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId,
                                          @RequestBody PromoteRequest request,
                                          @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                          @RequestHeader(value = "traceparent", required = false) String traceParent) {
        PromotingUpload.Promotion promotion = promoting.promote(caller, assetId,
                new PromotingUpload.Request(request.uploadId(), request.sha256(), key, traceParent,
                        CorrelationId.current().orElse(null)));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new PromotionView(promotion.versionId(), promotion.jobId(), promotion.status().name()));
    }

    @PostMapping("/versions/{versionId}/publish")
    AssetViews.AssetView publish(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId,
                                 @PathVariable UUID versionId) {
        publishing.publish(caller, assetId, versionId);
        return views.detail(assetId);
    }

    @PostMapping("/versions/{versionId}/reprocess")
    ResponseEntity<ReprocessView> reprocess(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId,
                                            @PathVariable UUID versionId,
                                            @RequestHeader(value = "traceparent", required = false) String traceParent) {
        UUID jobId = reprocessing.reprocess(caller, assetId, versionId, traceParent,
                CorrelationId.current().orElse(null));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReprocessView(versionId, jobId));
    }
}
