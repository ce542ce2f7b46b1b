package io.reelport.backend.version;

import io.reelport.common.jobs.ProbeMetadata;
import io.reelport.common.jobs.Rendition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code versions} table. Probe metadata and renditions are stored as the JSON common defines. */
@Repository
public class Versions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    Versions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Version version, String idempotencyKey) {
        jdbc.sql("""
                insert into versions (id, asset_id, number, upload_id, idempotency_key, status, declared_sha256,
                                      size_bytes, filename, content_type, master_key, preview_prefix, created_at, updated_at)
                values (:id, :asset, :number, :upload, :key, :status, :declared, :size, :filename, :contentType,
                        :master, :previews, :now, :now)""")
                .param("id", version.id())
                .param("asset", version.assetId())
                .param("number", version.number())
                .param("upload", version.uploadId())
                .param("key", idempotencyKey)
                .param("status", version.status().name())
                .param("declared", version.declaredSha256())
                .param("size", version.sizeBytes())
                .param("filename", version.filename())
                .param("contentType", version.contentType())
                .param("master", version.masterKey())
                .param("previews", version.previewPrefix())
                .param("now", Timestamp.from(version.createdAt()))
                .update();
    }

    public int nextNumber(UUID assetId) {
        return jdbc.sql("select coalesce(max(number), 0) + 1 from versions where asset_id = :asset")
                .param("asset", assetId).query(Integer.class).single();
    }

    public Optional<Version> find(UUID id) {
        return jdbc.sql("select * from versions where id = :id").param("id", id).query(Versions::map).optional();
    }

    public Optional<Version> lock(UUID id) {
        return jdbc.sql("select * from versions where id = :id for update").param("id", id).query(Versions::map).optional();
    }

    public Optional<Version> findByUpload(UUID uploadId) {
        return jdbc.sql("select * from versions where upload_id = :upload").param("upload", uploadId)
                .query(Versions::map).optional();
    }

    public Optional<Version> findByIdempotencyKey(UUID assetId, String key) {
        return jdbc.sql("select * from versions where asset_id = :asset and idempotency_key = :key")
                .param("asset", assetId).param("key", key).query(Versions::map).optional();
    }

    /** Newest first. */
    public List<Version> ofAsset(UUID assetId) {
        return jdbc.sql("select * from versions where asset_id = :asset order by number desc")
                .param("asset", assetId).query(Versions::map).list();
    }

    public boolean anyInProgress(UUID assetId) {
        return jdbc.sql("select exists (select 1 from versions where asset_id = :asset and status in ('PROMOTING', 'PROCESSING'))")
                .param("asset", assetId).query(Boolean.class).single();
    }

    public void updateProgress(UUID id, VersionStatus status, int progress, String stage, Instant now) {
        jdbc.sql("""
                update versions set status = :status, progress = :progress, progress_stage = :stage,
                       failure_code = null, failure_message = null, updated_at = :now where id = :id""")
                .param("status", status.name()).param("progress", progress).param("stage", stage)
                .param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    public void markReady(UUID id, String sha256, long bytes, ProbeMetadata probe, List<Rendition> renditions,
                          String manifestKey, Instant now) {
        jdbc.sql("""
                update versions set status = 'READY', progress = 100, progress_stage = null, failure_code = null,
                       failure_message = null, sha256 = :sha, size_bytes = :bytes, probe = cast(:probe as jsonb),
                       renditions = cast(:renditions as jsonb), manifest_key = :manifest, ready_at = :now,
                       updated_at = :now where id = :id""")
                .param("sha", sha256).param("bytes", bytes)
                .param("probe", JSON.writeValueAsString(probe))
                .param("renditions", JSON.writeValueAsString(renditions))
                .param("manifest", manifestKey)
                .param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    public void markFailed(UUID id, String code, String message, Instant now) {
        jdbc.sql("""
                update versions set status = 'FAILED', progress_stage = null, failure_code = :code,
                       failure_message = :message, updated_at = :now where id = :id""")
                .param("code", code).param("message", message)
                .param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    static Version map(ResultSet row, int rowNumber) throws SQLException {
        String probe = row.getString("probe");
        String renditions = row.getString("renditions");
        return new Version(
                row.getObject("id", UUID.class),
                row.getObject("asset_id", UUID.class),
                row.getInt("number"),
                row.getObject("upload_id", UUID.class),
                VersionStatus.valueOf(row.getString("status")),
                row.getInt("progress"),
                row.getString("progress_stage"),
                row.getString("failure_code"),
                row.getString("failure_message"),
                row.getString("declared_sha256"),
                row.getString("sha256"),
                row.getObject("size_bytes", Long.class),
                row.getString("filename"),
                row.getString("content_type"),
                row.getString("master_key"),
                row.getString("preview_prefix"),
                probe == null ? null : JSON.readValue(probe, ProbeMetadata.class),
                renditions == null ? List.of() : JSON.readValue(renditions, new TypeReference<List<Rendition>>() { }),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "ready_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
