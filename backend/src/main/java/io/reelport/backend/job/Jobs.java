package io.reelport.backend.job;

import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.JobType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code jobs} table and its outbox: a job and the message announcing it are written together. */
@Repository
public class Jobs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Jobs(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Inserts the job and its outbox row; call inside the transaction that creates what the job is for. */
    public void enqueue(JobMessage message, Instant now) {
        jdbc.sql("""
                insert into jobs (id, asset_id, version_id, type, status, attempt, created_at, updated_at)
                values (:id, :asset, :version, :type, 'QUEUED', :attempt, :now, :now)""")
                .param("id", message.jobId())
                .param("asset", message.assetId())
                .param("version", message.versionId())
                .param("type", message.type().name())
                .param("attempt", message.attempt())
                .param("now", Timestamp.from(now))
                .update();
        addToOutbox(message, now);
    }

    void addToOutbox(JobMessage message, Instant now) {
        jdbc.sql("insert into job_outbox (job_id, fields, created_at) values (:job, cast(:fields as jsonb), :now)")
                .param("job", message.jobId())
                .param("fields", JSON.writeValueAsString(message.toFields()))
                .param("now", Timestamp.from(now))
                .update();
        events.publishEvent(new JobEnqueued(message.jobId()));
    }

    /** The message most recently written for a job, to send it again. */
    Optional<JobMessage> lastMessage(UUID jobId) {
        return jdbc.sql("select fields from job_outbox where job_id = :job order by id desc limit 1")
                .param("job", jobId)
                .query((row, n) -> JobMessage.fromFields(JSON.readValue(row.getString("fields"),
                        new TypeReference<Map<String, String>>() { })))
                .optional();
    }

    public Optional<Job> find(UUID id) {
        return jdbc.sql("select * from jobs where id = :id").param("id", id).query(Jobs::map).optional();
    }

    Optional<Job> lock(UUID id) {
        return jdbc.sql("select * from jobs where id = :id for update").param("id", id).query(Jobs::map).optional();
    }

    /** The newest job of a version. */
    public Optional<Job> current(UUID versionId) {
        return jdbc.sql("select * from jobs where version_id = :version order by created_at desc, id desc limit 1")
                .param("version", versionId).query(Jobs::map).optional();
    }

    /** Newest first; {@code status} null for every status. */
    List<Job> list(JobStatus status, Instant beforeCreated, UUID beforeId, int limit) {
        return jdbc.sql("""
                select * from jobs
                where (cast(:status as text) is null or status = cast(:status as text))
                  and (cast(:before as timestamptz) is null or (created_at, id) < (cast(:before as timestamptz), :beforeId))
                order by created_at desc, id desc limit :limit""")
                .param("status", status == null ? null : status.name())
                .param("before", beforeCreated == null ? null : Timestamp.from(beforeCreated))
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query(Jobs::map).list();
    }

    void update(Job job) {
        jdbc.sql("""
                update jobs set status = :status, attempt = :attempt, progress = :progress,
                       applied_attempt = :appliedAttempt, applied_sequence = :appliedSequence,
                       failure_code = :code, failure_message = :message, retryable = :retryable,
                       updated_at = :updated, started_at = :started, finished_at = :finished
                where id = :id""")
                .param("status", job.status().name())
                .param("attempt", job.attempt())
                .param("progress", job.progress())
                .param("appliedAttempt", job.appliedAttempt())
                .param("appliedSequence", job.appliedSequence())
                .param("code", job.failureCode())
                .param("message", job.failureMessage())
                .param("retryable", job.retryable())
                .param("updated", Timestamp.from(job.updatedAt()))
                .param("started", job.startedAt() == null ? null : Timestamp.from(job.startedAt()))
                .param("finished", job.finishedAt() == null ? null : Timestamp.from(job.finishedAt()))
                .param("id", job.id())
                .update();
    }

    static Job map(ResultSet row, int rowNumber) throws SQLException {
        return new Job(
                row.getObject("id", UUID.class),
                row.getObject("asset_id", UUID.class),
                row.getObject("version_id", UUID.class),
                JobType.valueOf(row.getString("type")),
                JobStatus.valueOf(row.getString("status")),
                row.getInt("attempt"),
                row.getInt("progress"),
                row.getInt("applied_attempt"),
                row.getLong("applied_sequence"),
                row.getString("failure_code"),
                row.getString("failure_message"),
                row.getObject("retryable", Boolean.class),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "started_at"),
                instant(row, "finished_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
