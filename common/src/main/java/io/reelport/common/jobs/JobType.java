package io.reelport.common.jobs;

/** What a job asks the worker to do. */
public enum JobType {
    /** Verify the staging upload, copy it into masters, then transcode (a promotion). */
    INGEST_AND_TRANSCODE,
    /** Transcode an existing master again (reprocess; previews are re-creatable). */
    TRANSCODE
}
