package io.reelport.backend.playback;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.metrics.BusinessMetrics;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PlaybackController {

    private final IssuingPlayback issuing;
    private final BusinessMetrics metrics;

    PlaybackController(IssuingPlayback issuing, BusinessMetrics metrics) {
        this.issuing = issuing;
        this.metrics = metrics;
    }

    @PostMapping("/api/assets/{assetId}/playback")
    IssuingPlayback.Urls playback(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId,
                                  @RequestBody(required = false) IssuingPlayback.Request request) {
        IssuingPlayback.Urls urls = issuing.issue(caller, assetId,
                request == null ? new IssuingPlayback.Request(null, null) : request);
        metrics.playbackUrlsIssued();
        return urls;
    }
}
