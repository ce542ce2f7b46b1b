package io.reelport.backend.version;

/** A version's way from promotion to playable (or not). */
public enum VersionStatus {
    PROMOTING, PROCESSING, READY, FAILED
}
