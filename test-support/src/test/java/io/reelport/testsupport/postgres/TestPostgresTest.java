package io.reelport.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test PostgreSQL takes Flyway migrations, and every test database starts empty and stays apart. */
class TestPostgresTest {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.createDatabase();
        MigrateResult result = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/testmigration")
                .load()
                .migrate();
        assertThat(result.migrationsExecuted).isEqualTo(2);
    }

    @Test
    void theMigratedSchemaAnswers() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO probe_asset (title) VALUES ('first'), ('second')");
            try (ResultSet rows = statement.executeQuery("SELECT count(*), max(status) FROM probe_asset")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
                assertThat(rows.getString(2)).isEqualTo("AWAITING_UPLOAD");
            }
        }
    }

    @Test
    void anotherDatabaseDoesNotSeeTheseTables() throws SQLException {
        TestDatabase other = TestPostgres.createDatabase();
        assertThat(other.name()).isNotEqualTo(database.name()).matches("rpt_[0-9a-f]{12}");
        try (Connection connection = other.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1 FROM probe_asset"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("probe_asset");
        }
    }

    @Test
    void aDroppedDatabaseIsGone() throws SQLException {
        PostgresServer server = TestPostgres.server();
        TestDatabase doomed = server.createDatabase();

        server.dropDatabase(doomed);

        try (Connection admin = server.connectAdmin(); Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + doomed.name() + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }
}
