package io.reelport.backend.asset;

/**
 * What a client can do with an asset now. {@code READY} means it has a live version to play;
 * {@code PROCESSING} that its first version is on its way; {@code FAILED} that no version became
 * ready and none is in progress.
 */
public enum AssetStatus {
    AWAITING_UPLOAD, PROCESSING, READY, FAILED
}
