package io.reelport.backend.asset;

import static io.reelport.backend.asset.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.UseCaseTest;
import io.reelport.backend.auth.Caller;
import io.reelport.backend.auth.Role;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

class AssetCatalogTest extends UseCaseTest {

    @Autowired EditingAsset editing;
    @Autowired AssetCatalog catalog;
    @Autowired JdbcClient jdbc;

    Caller editor;

    @BeforeEach
    void editor() {
        editor = user(Role.EDITOR);
    }

    AssetCatalog.Filter mine() {
        return new AssetCatalog.Filter(null, null, editor.userId());
    }

    List<UUID> allPages(AssetCatalog.Filter filter, int limit, Runnable betweenPages) {
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        do {
            AssetCatalog.Page page = catalog.list(filter, cursor, limit);
            page.items().forEach(asset -> seen.add(asset.id()));
            cursor = page.nextCursor();
            betweenPages.run();
        } while (cursor != null);
        return seen;
    }

    @Test
    void pagesAreNewestFirstAndStableWhileAssetsAreAdded() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(editing.create(editor, "Clip " + i, null).id());
        }
        List<UUID> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        List<UUID> seen = allPages(mine(), 3, () -> editing.create(editor, "Added while paging", null));

        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void filtersByStatusAndTitleText() {
        Asset keynote = editing.create(editor, "Keynote 100% Final_cut", null);
        editing.create(editor, "Interview", null);
        jdbc.sql("update assets set status = 'READY' where id = :id").param("id", keynote.id()).update();

        assertThat(catalog.list(new AssetCatalog.Filter(null, "keynote", editor.userId()), null, 10).items())
                .extracting(Asset::id).containsExactly(keynote.id());
        // LIKE wildcards in the text are taken literally.
        assertThat(catalog.list(new AssetCatalog.Filter(null, "100% final_", editor.userId()), null, 10).items())
                .extracting(Asset::id).containsExactly(keynote.id());
        assertThat(catalog.list(new AssetCatalog.Filter(null, "1_0", editor.userId()), null, 10).items()).isEmpty();
        assertThat(catalog.list(new AssetCatalog.Filter(AssetStatus.READY, null, editor.userId()), null, 10).items())
                .extracting(Asset::id).containsExactly(keynote.id());
        assertThat(catalog.list(new AssetCatalog.Filter(AssetStatus.AWAITING_UPLOAD, null, editor.userId()), null, 10)
                .items()).extracting(Asset::title).containsExactly("Interview");
    }

    @Test
    void deletedAssetsAreNotListed() {
        Asset gone = editing.create(editor, "Gone", null);
        Asset kept = editing.create(editor, "Kept", null);
        editing.delete(editor, gone.id());

        assertThat(catalog.list(mine(), null, 10).items()).extracting(Asset::id).containsExactly(kept.id());
    }

    @Test
    void refusesBadCursorsLimitsAndTitles() {
        assertRefused(() -> catalog.list(mine(), "not-a-cursor", 10), HttpStatus.BAD_REQUEST, "cursor_invalid");
        assertRefused(() -> catalog.list(mine(), null, 0), HttpStatus.BAD_REQUEST, "limit_invalid");
        assertRefused(() -> catalog.list(mine(), null, 101), HttpStatus.BAD_REQUEST, "limit_invalid");
        assertRefused(() -> editing.create(editor, "  ", null), HttpStatus.BAD_REQUEST, "asset_title_invalid");
        assertRefused(() -> editing.create(user(Role.VIEWER), "Mine", null),
                HttpStatus.FORBIDDEN, "asset_forbidden");
        Asset asset = editing.create(editor, "Original", null);
        assertRefused(() -> editing.edit(user(Role.EDITOR), asset.id(), "Stolen", null),
                HttpStatus.FORBIDDEN, "asset_forbidden");
        assertThat(editing.edit(user(Role.ADMIN), asset.id(), "Renamed", "by an admin").title())
                .isEqualTo("Renamed");
    }

    /** The list queries use the indexes once there are enough rows for the planner to care. */
    @Test
    void listQueriesUseTheirIndexes() {
        UUID owner = user(Role.EDITOR).userId();
        UUID others = user(Role.EDITOR).userId();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                insert into assets (id, owner_id, title, status, created_at, updated_at)
                select gen_random_uuid(), case when n % 50 = 0 then cast(:owner as uuid) else cast(:others as uuid) end,
                       'Generated clip ' || n, case when n % 10 = 0 then 'READY' else 'AWAITING_UPLOAD' end,
                       cast(:base as timestamptz) - n * interval '1 second', cast(:base as timestamptz)
                from generate_series(1, 5000) as n""")
                .param("owner", owner).param("others", others).param("base", Timestamp.from(base)).update();
        jdbc.sql("analyze assets").update();

        assertThat(plan("select * from assets where deleted_at is null order by created_at desc, id desc limit 21"))
                .contains("assets_list_idx");
        assertThat(plan("select * from assets where deleted_at is null and owner_id = '" + owner
                + "' order by created_at desc, id desc limit 21")).contains("assets_owner_list_idx");
        assertThat(plan("select * from assets where deleted_at is null and status = 'FAILED'"
                + " order by created_at desc, id desc limit 21")).contains("assets_status_list_idx");
        // The title search's trigram index is not checked here: below some tens of thousands of
        // rows the planner rightly prefers a scan (docs/api.md notes the plan at 100,000 rows).
    }

    String plan(String query) {
        return String.join("\n", jdbc.sql("explain " + query).query(String.class).list());
    }
}
