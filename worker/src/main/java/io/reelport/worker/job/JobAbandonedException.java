package io.reelport.worker.job;

/** The job was given up by this worker (shutdown); its stream entry stays pending for a reclaim. */
public class JobAbandonedException extends RuntimeException {

    public JobAbandonedException() {
        super("job abandoned by this worker; another worker will reclaim it", null, false, false);
    }
}
