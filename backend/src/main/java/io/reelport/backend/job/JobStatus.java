package io.reelport.backend.job;

/** QUEUED until a worker reports it started; SUCCEEDED and FAILED are final until an operator retries. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
