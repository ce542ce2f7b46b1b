package io.reelport.worker.job;

/**
 * What a running job's steps see of the consumer: where to report progress, and whether the job
 * has been abandoned (shutdown grace over, or the worker is going away), in which case the step
 * stops and leaves the entry for another worker to reclaim.
 */
public interface JobControl {

    /** @param fraction 0..1 of {@code stage} */
    void progress(Stage stage, double fraction);

    boolean abandoned();

    /** A child process to kill if the job is abandoned. */
    void attach(Process process);

    void detach(Process process);

    /** Throws {@link JobAbandonedException} once the job is abandoned. */
    default void checkNotAbandoned() {
        if (abandoned()) {
            throw new JobAbandonedException();
        }
    }

    /** The parts of a job, each with its share of the overall percent. */
    enum Stage {
        INGEST("ingest", 0, 10), TRANSCODE("transcode", 10, 90), UPLOAD("upload", 90, 100);

        private final String label;
        private final int from;
        private final int to;

        Stage(String label, int from, int to) {
            this.label = label;
            this.from = from;
            this.to = to;
        }

        public String label() {
            return label;
        }

        public int percent(double fraction) {
            double clamped = Math.max(0, Math.min(1, fraction));
            return (int) Math.floor(from + (to - from) * clamped);
        }
    }

    /** No progress reports, never abandoned: for steps run outside a consumer (tests, benchmarks). */
    JobControl DETACHED = new JobControl() {
        public void progress(Stage stage, double fraction) {
        }

        public boolean abandoned() {
            return false;
        }

        public void attach(Process process) {
        }

        public void detach(Process process) {
        }
    };
}
