package io.reelport.backend.playback;

import io.reelport.backend.auth.Caller;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PlaybackController {

    private final IssuingPlayback issuing;

    PlaybackController(IssuingPlayback issuing) {
        this.issuing = issuing;
    }

    @PostMapping("/api/assets/{assetId}/playback")
    IssuingPlayback.Urls playback(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId,
                                  @RequestBody(required = false) IssuingPlayback.Request request) {
        return issuing.issue(caller, assetId, request == null ? new IssuingPlayback.Request(null, null) : request);
    }
}
