package io.reelport.backend.upload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.metrics.BusinessMetrics;
import io.reelport.backend.platform.ratelimit.RateLimitProperties;
import io.reelport.backend.platform.ratelimit.RateLimiter;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/assets/{assetId}/uploads")
class UploadController {

    private final CreatingUpload creating;
    private final CompletingUpload completing;
    private final AbortingUpload aborting;
    private final RateLimiter rateLimiter;
    private final RateLimitProperties limits;
    private final BusinessMetrics metrics;

    UploadController(CreatingUpload creating, CompletingUpload completing, AbortingUpload aborting,
                     RateLimiter rateLimiter, RateLimitProperties limits, BusinessMetrics metrics) {
        this.creating = creating;
        this.completing = completing;
        this.aborting = aborting;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.metrics = metrics;
    }

    record PartView(int partNumber, URI url) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TicketView(UUID uploadId, String filename, String contentType, long sizeBytes, URI url,
                      Map<String, String> headers, Long partSize, List<PartView> parts, Instant expiresAt) {
    }

    record CompleteRequest(List<CompletingUpload.PartETag> parts) {
    }

    record UploadView(UUID uploadId, String status, String filename, String contentType, long sizeBytes) {
    }

    @PostMapping
    ResponseEntity<TicketView> create(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId,
                                      @RequestBody CreatingUpload.Request request) {
        // Each upload presigns storage URLs and may start a multipart upload: limited per user, across instances.
        rateLimiter.check("uploads", caller.userId().toString(), limits.uploads());
        CreatingUpload.Ticket ticket = creating.create(caller, assetId, request);
        metrics.uploadStarted(ticket.multipart());
        List<PartView> parts = ticket.parts() == null ? null
                : ticket.parts().stream().map(part -> new PartView(part.partNumber(), part.url())).toList();
        return ResponseEntity.status(HttpStatus.CREATED).body(new TicketView(ticket.uploadId(), ticket.filename(),
                ticket.contentType(), ticket.sizeBytes(), ticket.url(), ticket.headers(), ticket.partSize(), parts,
                ticket.expiresAt()));
    }

    @PostMapping("/{uploadId}/complete")
    UploadView complete(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId, @PathVariable UUID uploadId,
                        @RequestBody(required = false) CompleteRequest request) {
        Upload upload = completing.complete(caller, assetId, uploadId, request == null ? null : request.parts());
        metrics.uploadCompleted();
        return new UploadView(upload.id(), upload.status().name(), upload.filename(), upload.contentType(),
                upload.sizeBytes());
    }

    @DeleteMapping("/{uploadId}")
    ResponseEntity<Void> abort(@AuthenticationPrincipal Caller caller, @PathVariable UUID assetId,
                               @PathVariable UUID uploadId) {
        aborting.abort(caller, assetId, uploadId);
        return ResponseEntity.noContent().build();
    }
}
