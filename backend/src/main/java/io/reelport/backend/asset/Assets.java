package io.reelport.backend.asset;

import io.reelport.backend.auth.Caller;
import io.reelport.backend.platform.problem.ApiProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code assets} table. */
@Repository
public class Assets {

    private final JdbcClient jdbc;

    Assets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Asset asset) {
        jdbc.sql("""
                insert into assets (id, owner_id, title, description, status, created_at, updated_at)
                values (:id, :owner, :title, :description, :status, :created, :created)""")
                .param("id", asset.id())
                .param("owner", asset.ownerId())
                .param("title", asset.title())
                .param("description", asset.description())
                .param("status", asset.status().name())
                .param("created", Timestamp.from(asset.createdAt()))
                .update();
    }

    public Optional<Asset> find(UUID id) {
        return jdbc.sql("select * from assets where id = :id").param("id", id).query(Assets::map).optional();
    }

    /** Locks the row for the rest of the transaction: promotions and events of one asset queue up. */
    public Optional<Asset> lock(UUID id) {
        return jdbc.sql("select * from assets where id = :id for update").param("id", id).query(Assets::map).optional();
    }

    /** An asset that exists and is not deleted, or a 404 refusal. */
    public Asset visible(UUID id) {
        return find(id).filter(asset -> !asset.deleted()).orElseThrow(() -> ApiProblem.noSuch("asset", id));
    }

    /** Locks an asset the caller may change, or refuses. */
    public Asset lockManageable(UUID id, Caller caller) {
        Asset asset = lock(id).filter(found -> !found.deleted()).orElseThrow(() -> ApiProblem.noSuch("asset", id));
        asset.requireManageableBy(caller);
        return asset;
    }

    /**
     * Like {@link #lockManageable} but with a shared lock: requests that only add to an asset
     * (uploads) run side by side, while a delete or promotion of the same asset waits for them.
     */
    public Asset shareManageable(UUID id, Caller caller) {
        Asset asset = jdbc.sql("select * from assets where id = :id for share").param("id", id).query(Assets::map)
                .optional().filter(found -> !found.deleted()).orElseThrow(() -> ApiProblem.noSuch("asset", id));
        asset.requireManageableBy(caller);
        return asset;
    }

    public void updateStatus(UUID id, AssetStatus status, UUID liveVersionId, Instant now) {
        jdbc.sql("update assets set status = :status, live_version_id = :live, updated_at = :now where id = :id")
                .param("status", status.name())
                .param("live", liveVersionId)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    public void rename(UUID id, String title, String description, Instant now) {
        jdbc.sql("update assets set title = :title, description = :description, updated_at = :now where id = :id")
                .param("title", title)
                .param("description", description)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    public void markDeleted(UUID id, Instant now) {
        jdbc.sql("update assets set deleted_at = :now, updated_at = :now where id = :id and deleted_at is null")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    static Asset map(ResultSet row, int rowNumber) throws SQLException {
        return new Asset(
                row.getObject("id", UUID.class),
                row.getObject("owner_id", UUID.class),
                row.getString("title"),
                row.getString("description"),
                AssetStatus.valueOf(row.getString("status")),
                row.getObject("live_version_id", UUID.class),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "deleted_at"));
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
