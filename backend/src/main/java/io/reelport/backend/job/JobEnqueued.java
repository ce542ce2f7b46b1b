package io.reelport.backend.job;

import java.util.UUID;

/** Published inside the transaction that wrote an outbox row; the relay wakes once it commits. */
public record JobEnqueued(UUID jobId) {
}
