package io.reelport.backend.job;

import java.util.UUID;

/**
 * What clients following an asset are told after an event was applied: sent to every backend
 * instance, each passing it to its own server-sent-event subscribers.
 */
public record AssetProgress(UUID assetId, UUID versionId, UUID jobId, String event, String versionStatus,
                            int progress, String stage, String assetStatus, UUID liveVersionId,
                            String failureCode, String failureMessage) {
}
