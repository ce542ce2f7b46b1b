package io.reelport.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.testsupport.postgres.TestDatabase;
import io.reelport.testsupport.postgres.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

/** The migrate-only mode against a real PostgreSQL: what a PRE_DEPLOY job relies on. */
class DatabaseMigrationTest {

    /** The backend's own migrations plus a test probe, so that there is always something to apply. */
    static final String LOCATIONS = "classpath:db/migration,classpath:platform/migrate-probe";

    final TestDatabase database = TestPostgres.createDatabase();

    String[] arguments(String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.flyway.locations=" + LOCATIONS));
        if (database.password() != null) {
            arguments.add("--spring.datasource.password=" + database.password());
        }
        arguments.addAll(Arrays.asList(extra));
        return arguments.toArray(String[]::new);
    }

    Flyway flyway(String locations) {
        return Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations(locations.split(","))
                .load();
    }

    int historyRows() throws SQLException {
        return count("SELECT count(*) FROM flyway_schema_history");
    }

    int count(String sql) throws SQLException {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    boolean tableExists(String table) throws SQLException {
        return count("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'") == 1;
    }

    @Test
    void appliesEveryMigrationAndExitsZero() throws Exception {
        assertThat(DatabaseMigration.run(arguments())).isZero();

        Flyway flyway = flyway(LOCATIONS);
        assertThat(flyway.info().pending()).as("nothing left to apply").isEmpty();
        assertThat(flyway.info().applied()).extracting(MigrationInfo::getScript).contains("R__migrate_mode_probe.sql");
        assertThat(count("SELECT count(*) FROM migrate_mode_probe")).isEqualTo(1);
    }

    @Test
    void runningAgainChangesNothing() throws Exception {
        assertThat(DatabaseMigration.run(arguments())).isZero();
        int rows = historyRows();

        assertThat(DatabaseMigration.run(arguments())).isZero();

        assertThat(historyRows()).isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM migrate_mode_probe")).isEqualTo(1);
    }

    @Test
    void migratesEvenWhereTheServicesAreToldNotTo() throws Exception {
        assertThat(DatabaseMigration.run(arguments("--spring.flyway.enabled=false"))).isZero();

        assertThat(flyway(LOCATIONS).info().pending()).isEmpty();
        assertThat(tableExists("migrate_mode_probe")).isTrue();
    }

    @Test
    void readsTheLibpqDatabaseUrlThatAppPlatformInjects() throws Exception {
        URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        String userInfo = database.username() + (database.password() == null ? "" : ":" + database.password());
        String libpq = "postgresql://" + userInfo + "@" + jdbc.getHost() + ":" + jdbc.getPort() + jdbc.getPath()
                + "?ApplicationName=reelport-migrate";

        assertThat(DatabaseMigration.run("--DATABASE_URL=" + libpq, "--spring.flyway.locations=" + LOCATIONS)).isZero();

        assertThat(flyway(LOCATIONS).info().pending()).isEmpty();
        assertThat(tableExists("migrate_mode_probe")).isTrue();
    }

    @Test
    void concurrentRunsApplyEachMigrationOnce() throws Exception {
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> DatabaseMigration.run(arguments()));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> DatabaseMigration.run(arguments()));

        assertThat(first.get()).isZero();
        assertThat(second.get()).isZero();
        assertThat(count("SELECT count(*) FROM migrate_mode_probe")).as("the probe ran once").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE script = 'R__migrate_mode_probe.sql'"))
                .isEqualTo(1);
    }

    @Test
    void aFailingMigrationExitsNonZeroAndLeavesNothingHalfApplied() throws Exception {
        int exit = DatabaseMigration.run(arguments("--spring.flyway.locations=classpath:platform/migrate-broken"));

        assertThat(exit).isEqualTo(1);
        assertThat(tableExists("migrate_mode_half_applied")).as("PostgreSQL rolled the failed migration back").isFalse();
        assertThat(flyway("classpath:platform/migrate-broken").info().pending()).hasSize(1);
    }

    @Test
    void anUnreachableDatabaseExitsNonZero() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int exit = DatabaseMigration.run("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/reelport",
                "--spring.datasource.username=reelport", "--spring.datasource.hikari.connection-timeout=2000");

        assertThat(exit).isEqualTo(1);
    }
}
