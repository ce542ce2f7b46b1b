package io.reelport.backend.job;

import io.reelport.backend.asset.AssetViews;
import io.reelport.backend.asset.Assets;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JobController {

    private final Jobs jobs;
    private final Assets assets;
    private final RetryingJob retrying;

    JobController(Jobs jobs, Assets assets, RetryingJob retrying) {
        this.jobs = jobs;
        this.assets = assets;
        this.retrying = retrying;
    }

    record JobList(List<AssetViews.JobView> items, String nextCursor) {
    }

    @GetMapping("/api/jobs/{jobId}")
    AssetViews.JobView job(@PathVariable UUID jobId) {
        Job job = jobs.find(jobId).orElseThrow(() -> ApiProblem.noSuch("job", jobId));
        assets.find(job.assetId()).filter(asset -> !asset.deleted()).orElseThrow(() -> ApiProblem.noSuch("job", jobId));
        return AssetViews.job(job);
    }

    @GetMapping("/api/admin/jobs")
    JobList list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String status,
                 @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        requireAdmin(caller);
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw ApiProblem.badRequest("limit_invalid", "limit must be between 1 and 200");
        }
        JobStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = JobStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw ApiProblem.badRequest("status_invalid", "status must be one of " + java.util.Arrays.toString(JobStatus.values()));
            }
        }
        Instant beforeCreated = null;
        UUID beforeId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
                beforeCreated = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS);
                beforeId = UUID.fromString(parts[1]);
            } catch (RuntimeException bad) {
                throw ApiProblem.badRequest("cursor_invalid", "cursor is not one this API returned as nextCursor");
            }
        }
        List<Job> page = jobs.list(wanted, beforeCreated, beforeId, size + 1);
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            Job last = page.get(size - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (ChronoUnit.MICROS.between(Instant.EPOCH, last.createdAt()) + ":" + last.id())
                            .getBytes(StandardCharsets.UTF_8));
        }
        return new JobList(page.stream().map(AssetViews::job).toList(), next);
    }

    @PostMapping("/api/admin/jobs/{jobId}/retry")
    AssetViews.JobView retry(@AuthenticationPrincipal Caller caller, @PathVariable UUID jobId) {
        requireAdmin(caller);
        return AssetViews.job(retrying.retry(caller, jobId));
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.can(Role.ADMIN)) {
            throw ApiProblem.forbidden("admin_required", "only admins manage jobs");
        }
    }
}
