package io.reelport.backend.upload;

/** PENDING until the client says its bytes are there; COMPLETED once checked; PROMOTED once a version took it. */
public enum UploadStatus {
    PENDING, COMPLETED, ABORTED, EXPIRED, PROMOTED
}
