package io.reelport.worker.job;

import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One job in flight on this worker: its stream entry, the events it sends, its ffmpeg processes.
 * Progress is sent at most once a second and only when the percent moved. Once abandoned, the job
 * sends nothing more and its processes are killed: another worker will reclaim the entry.
 */
final class RunningJob implements JobControl {

    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final String entryId;
    private final JobMessage job;
    private final JobStreams streams;
    private final EventSequence sequence;
    private final Clock clock;
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private volatile boolean abandoned;
    private Instant lastProgressAt = Instant.EPOCH;
    private int lastPercent = -1;

    RunningJob(String entryId, JobMessage job, JobStreams streams, EventSequence sequence, Clock clock) {
        this.entryId = entryId;
        this.job = job;
        this.streams = streams;
        this.sequence = sequence;
        this.clock = clock;
    }

    String entryId() {
        return entryId;
    }

    JobMessage job() {
        return job;
    }

    JobEvent.Header header() {
        return JobEvent.Header.of(job, sequence.next(), clock.instant(), streams.consumerName());
    }

    /** Sends an event unless the job was abandoned (a reclaiming worker speaks for it now). */
    void report(JobEvent event) {
        if (!abandoned) {
            streams.publish(event);
        }
    }

    @Override
    public synchronized void progress(Stage stage, double fraction) {
        int percent = stage.percent(fraction);
        Instant now = clock.instant();
        if (abandoned || percent <= lastPercent || now.isBefore(lastProgressAt.plus(PROGRESS_INTERVAL))) {
            return;
        }
        lastPercent = percent;
        lastProgressAt = now;
        try {
            report(new JobEvent.Progress(header(), percent, stage.label()));
        } catch (RuntimeException redisDown) {
            // Progress is advisory; the job goes on and the final event says how it ended.
        }
    }

    @Override
    public boolean abandoned() {
        return abandoned;
    }

    @Override
    public void attach(Process process) {
        processes.add(process);
        if (abandoned) {
            kill(process);
        }
    }

    @Override
    public void detach(Process process) {
        processes.remove(process);
    }

    /** Gives the job up: no more events, ffmpeg killed, the entry left pending for a reclaim. */
    void abandon() {
        abandoned = true;
        processes.forEach(RunningJob::kill);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
