package io.reelport.backend.job;

import io.reelport.common.jobs.JobType;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code jobs}. */
public record Job(
        UUID id,
        UUID assetId,
        UUID versionId,
        JobType type,
        JobStatus status,
        int attempt,
        int progress,
        int appliedAttempt,
        long appliedSequence,
        String failureCode,
        String failureMessage,
        Boolean retryable,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt) {

    /** Whether an event with this attempt and sequence comes after every event applied so far. */
    public boolean isNewer(int eventAttempt, long eventSequence) {
        return eventAttempt > appliedAttempt || (eventAttempt == appliedAttempt && eventSequence > appliedSequence);
    }
}
