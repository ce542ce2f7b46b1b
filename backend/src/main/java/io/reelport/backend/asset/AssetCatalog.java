package io.reelport.backend.asset;

import io.reelport.backend.platform.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists assets newest first. The cursor is the (created_at, id) of the last item shown, so pages
 * stay stable while assets are added: a new asset sorts before every cursor and never shifts or
 * repeats the items of later pages.
 */
@Service
public class AssetCatalog {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final JdbcClient jdbc;

    AssetCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Filter(AssetStatus status, String titleContains, UUID ownerId) {
    }

    public record Page(List<Asset> items, String nextCursor) {
    }

    @Transactional(readOnly = true)
    public Page list(Filter filter, String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit_invalid", "limit must be between 1 and " + MAX_LIMIT);
        }
        Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
        String text = filter.titleContains() == null || filter.titleContains().isBlank() ? null
                : "%" + filter.titleContains().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<Asset> rows = jdbc.sql("""
                select * from assets
                where deleted_at is null
                  and (cast(:status as text) is null or status = cast(:status as text))
                  and (cast(:owner as uuid) is null or owner_id = cast(:owner as uuid))
                  and (cast(:text as text) is null or title ilike cast(:text as text))
                  and (cast(:afterCreated as timestamptz) is null
                       or (created_at, id) < (cast(:afterCreated as timestamptz), cast(:afterId as uuid)))
                order by created_at desc, id desc
                limit :limit""")
                .param("status", filter.status() == null ? null : filter.status().name())
                .param("owner", filter.ownerId())
                .param("text", text)
                .param("afterCreated", after == null ? null : Timestamp.from(after.createdAt()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", size + 1)
                .query(Assets::map).list();
        if (rows.size() <= size) {
            return new Page(rows, null);
        }
        List<Asset> page = rows.subList(0, size);
        Asset last = page.get(size - 1);
        return new Page(List.copyOf(page), new Cursor(last.createdAt(), last.id()).encode());
    }

    record Cursor(Instant createdAt, UUID id) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":", 2);
                long micros = Long.parseLong(parts[0]);
                return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(parts[1]));
            } catch (RuntimeException bad) {
                throw ApiProblem.badRequest("cursor_invalid", "cursor is not one this API returned as nextCursor");
            }
        }
    }

}
