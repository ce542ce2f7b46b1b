package io.reelport.local.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.config.DatabaseUrl;
import io.reelport.local.LaunchException;
import io.reelport.local.LocalProperties;
import io.reelport.local.process.LogFiles;
import io.reelport.testsupport.lookup.LocalPorts;
import io.reelport.testsupport.postgres.PostgresServer;
import io.reelport.testsupport.postgres.TestDatabase;
import io.reelport.testsupport.postgres.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The lookup order against a real PostgreSQL (the one test-support finds, standing in for the machine's). */
@ExtendWith(OutputCaptureExtension.class)
class FindingPostgresTest {

    @TempDir
    Path directory;

    String createdDatabase;

    FindingPostgres finding(LocalProperties.Postgres settings, Map<String, String> environment, boolean root) {
        return new FindingPostgres(settings, directory.resolve("postgres"), directory, new LogFiles(directory.resolve("logs")),
                environment, root);
    }

    @AfterEach
    void dropCreatedDatabase() throws Exception {
        if (createdDatabase != null) {
            try (Connection connection = TestPostgres.server().connectAdmin(); Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + createdDatabase + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aGivenDatabaseUrlIsTheOnlyCandidateAndIsPassedOnAsItIs() throws Exception {
        TestDatabase database = TestPostgres.createDatabase();
        URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        String url = "postgresql://" + database.username() + (database.password() == null ? "" : ":" + database.password())
                + "@" + jdbc.getHost() + ":" + jdbc.getPort() + "/" + database.name();

        Found<String> found = finding(new LocalProperties.Postgres(url, "reelport", 5432, 15432), Map.of(), true).find();

        assertThat(found.value()).isEqualTo(url);
        assertThat(found.started()).isEmpty();
        assertThat(found.description()).startsWith("DATABASE_URL jdbc:postgresql://").doesNotContain(String.valueOf(database.password()));
    }

    @Test
    void aGivenDatabaseUrlThatDoesNotConnectStopsTheLauncherRatherThanFallingBack() {
        String url = "postgresql://postgres@127.0.0.1:" + LocalPorts.free() + "/reelport";

        assertThatThrownBy(() -> finding(new LocalProperties.Postgres(url, "reelport", 5432, 15432), Map.of(), false).find())
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("DATABASE_URL (jdbc:postgresql://127.0.0.1:")
                .hasMessageContaining("does not connect");
    }

    @Test
    void aDatabaseUrlOfAnotherKindIsRefusedWithTheFormItNeeds() {
        assertThatThrownBy(() -> finding(new LocalProperties.Postgres("mysql://db/x", "reelport", 5432, 15432), Map.of(), false).find())
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("DATABASE_URL must start with postgresql://");
    }

    @Test
    void theMachinesServerGetsItsOwnDatabaseCreatedOnceAndReused() throws Exception {
        Map<String, String> environment = new HashMap<>();
        int port = machineServer(environment);
        String user = environment.get("PGUSER");
        createdDatabase = "rpt_local_" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        LocalProperties.Postgres settings = new LocalProperties.Postgres("", createdDatabase, port, 15432);

        Found<String> first = finding(settings, environment, true).find();
        Found<String> second = finding(settings, environment, true).find();

        assertThat(first.started()).as("the machine's server is not ours to stop").isEmpty();
        assertThat(first.description()).isEqualTo("local server 127.0.0.1:" + port + " as " + user + ", database " + createdDatabase);
        assertThat(second.value()).isEqualTo(first.value());
        DatabaseUrl url = DatabaseUrl.parse(first.value());
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/" + createdDatabase);
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT current_database(), shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo(createdDatabase);
            assertThat(row.getString(2)).isEqualTo("Reelport local runner, data folder " + directory.toAbsolutePath());
        }
    }

    @Test
    void aDatabaseThatAnotherDataFolderCreatedIsUsedWithAWarning(CapturedOutput output) {
        Map<String, String> environment = new HashMap<>();
        int port = machineServer(environment);
        createdDatabase = "rpt_local_" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        LocalProperties.Postgres settings = new LocalProperties.Postgres("", createdDatabase, port, 15432);
        Path otherCheckout = directory.resolve("other-checkout/.reelport");
        new FindingPostgres(settings, otherCheckout.resolve("postgres"), otherCheckout, new LogFiles(directory.resolve("logs")),
                environment, true).find();
        assertThat(output.getOut()).doesNotContain("was created for");

        Found<String> found = finding(settings, environment, true).find();

        assertThat(found.description()).endsWith("database " + createdDatabase);
        assertThat(output.getOut()).contains("Database " + createdDatabase + " on 127.0.0.1:" + port + " was created for "
                + otherCheckout.toAbsolutePath() + ": its admin password and assets are that folder's."
                + " Set LOCAL_DATABASE_NAME for a database of this folder's own.");
    }

    /** The test PostgreSQL's port, with its user (and password) put in {@code environment}. */
    static int machineServer(Map<String, String> environment) {
        PostgresServer server = TestPostgres.server();
        URI admin = URI.create(server.jdbcUrl("postgres").substring("jdbc:".length()));
        assertThat(admin.getHost()).as("the test PostgreSQL is on this machine").isIn("127.0.0.1", "localhost");
        environment.put("PGUSER", server.username());
        if (server.password() != null) {
            environment.put("PGPASSWORD", server.password());
        }
        return admin.getPort();
    }

    @Test
    void somethingOnThePortThatLetsNobodyInIsReportedWithWhatToSet() throws Exception {
        // Listens, but is no PostgreSQL: every user the lookup tries fails.
        try (ServerSocket notPostgres = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptAndClose = new Thread(() -> {
                while (!notPostgres.isClosed()) {
                    try (Socket ignored = notPostgres.accept()) {
                        // closed at once
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptAndClose.setDaemon(true);
            acceptAndClose.start();
            LocalProperties.Postgres settings = new LocalProperties.Postgres("", "reelport", notPostgres.getLocalPort(), 15432);

            assertThatThrownBy(() -> finding(settings, Map.of("PGUSER", "someone"), false).find())
                    .isInstanceOf(LaunchException.class)
                    .hasMessageStartingWith("PostgreSQL on 127.0.0.1:" + notPostgres.getLocalPort() + " did not let us in: as someone: ")
                    .hasMessageContaining("; as postgres: ")
                    .hasMessageEndingWith("Set PGUSER and PGPASSWORD, or DATABASE_URL=postgresql://user:password@127.0.0.1:"
                            + notPostgres.getLocalPort() + "/reelport");
        }
    }

    @Test
    void asRootWithNoServerItSaysWhatToDoInsteadOfTryingEmbeddedPostgres() {
        int nothingThere = LocalPorts.free();
        LocalProperties.Postgres settings = new LocalProperties.Postgres("", "reelport", nothingThere, 15432);

        assertThatThrownBy(() -> finding(settings, Map.of(), true).find())
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("nothing listens on 127.0.0.1:" + nothingThere)
                .hasMessageContaining("embedded PostgreSQL cannot run as root")
                .hasMessageContaining("DATABASE_URL=postgresql://user:password@host:5432/reelport");
    }
}
