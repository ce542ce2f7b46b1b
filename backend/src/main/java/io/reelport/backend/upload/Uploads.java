package io.reelport.backend.upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code uploads} table. */
@Repository
public class Uploads {

    private final JdbcClient jdbc;

    Uploads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Upload upload) {
        jdbc.sql("""
                insert into uploads (id, asset_id, owner_id, filename, content_type, size_bytes, sha256, staging_key,
                                     multipart_upload_id, part_size, part_count, status, created_at, expires_at)
                values (:id, :asset, :owner, :filename, :contentType, :size, :sha, :key, :multipart, :partSize,
                        :partCount, :status, :created, :expires)""")
                .param("id", upload.id())
                .param("asset", upload.assetId())
                .param("owner", upload.ownerId())
                .param("filename", upload.filename())
                .param("contentType", upload.contentType())
                .param("size", upload.sizeBytes())
                .param("sha", upload.sha256())
                .param("key", upload.stagingKey())
                .param("multipart", upload.multipartUploadId())
                .param("partSize", upload.partSize())
                .param("partCount", upload.partCount())
                .param("status", upload.status().name())
                .param("created", Timestamp.from(upload.createdAt()))
                .param("expires", Timestamp.from(upload.expiresAt()))
                .update();
    }

    /** Locks the upload of that asset, so that completing, aborting and promoting it never interleave. */
    public Optional<Upload> lock(UUID assetId, UUID uploadId) {
        return jdbc.sql("select * from uploads where id = :id and asset_id = :asset for update")
                .param("id", uploadId).param("asset", assetId).query(Uploads::map).optional();
    }

    public Optional<Upload> find(UUID uploadId) {
        return jdbc.sql("select * from uploads where id = :id").param("id", uploadId).query(Uploads::map).optional();
    }

    public void setStatus(UUID id, UploadStatus status, Instant now) {
        jdbc.sql("""
                update uploads set status = :status,
                       completed_at = case when :status = 'COMPLETED' then cast(:now as timestamptz) else completed_at end
                where id = :id""")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    /** Uploads not promoted in time, oldest first, locked and skipped by another instance's cleanup. */
    List<Upload> lockStale(Instant now, int limit) {
        return jdbc.sql("""
                select * from uploads where status in ('PENDING', 'COMPLETED') and expires_at < :now
                order by expires_at limit :limit for update skip locked""")
                .param("now", Timestamp.from(now)).param("limit", limit).query(Uploads::map).list();
    }

    /** Staging objects of a deleted asset that no version has taken yet. */
    public List<Upload> unpromotedOf(UUID assetId) {
        return jdbc.sql("select * from uploads where asset_id = :asset and status in ('PENDING', 'COMPLETED')")
                .param("asset", assetId).query(Uploads::map).list();
    }

    static Upload map(ResultSet row, int rowNumber) throws SQLException {
        Timestamp completed = row.getTimestamp("completed_at");
        return new Upload(
                row.getObject("id", UUID.class),
                row.getObject("asset_id", UUID.class),
                row.getObject("owner_id", UUID.class),
                row.getString("filename"),
                row.getString("content_type"),
                row.getLong("size_bytes"),
                row.getString("sha256"),
                row.getString("staging_key"),
                row.getString("multipart_upload_id"),
                row.getObject("part_size", Long.class),
                row.getObject("part_count", Integer.class),
                UploadStatus.valueOf(row.getString("status")),
                row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("expires_at").toInstant(),
                completed == null ? null : completed.toInstant());
    }
}
