package io.reelport.testsupport.postgres;

import io.reelport.testsupport.lookup.DockerAvailability;
import io.reelport.testsupport.lookup.FoundOnce;
import io.reelport.testsupport.lookup.LocalPorts;
import io.reelport.testsupport.lookup.TestEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server of this test JVM, found on first use in this order:
 * <ol>
 *   <li>{@code TEST_DATABASE_URL} (libpq {@code postgresql://user:pass@host:port/db} or a
 *       {@code jdbc:postgresql://} URL); when set it is the only candidate;</li>
 *   <li>a server on {@code 127.0.0.1:5432}, as {@code $PGUSER}, {@code postgres} or the OS user
 *       (password {@code $PGPASSWORD} if set), whichever may create databases;</li>
 *   <li>a {@code postgres:16-alpine} container, when Docker is available;</li>
 *   <li>embedded PostgreSQL (zonky), unless running as root, where {@code initdb} refuses to run.</li>
 * </ol>
 * Tests isolate themselves with {@link #createDatabase()}, one database per test class.
 */
public final class TestPostgres {

    public static final String URL_VARIABLE = "TEST_DATABASE_URL";
    static final String IMAGE = "postgres:16-alpine";
    private static final int LOCAL_PORT = 5432;
    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final FoundOnce<PostgresServer> SERVER = new FoundOnce<>(TestPostgres::find);

    private TestPostgres() {
    }

    public static PostgresServer server() {
        return SERVER.get();
    }

    /** A fresh database on {@link #server()}, dropped when the JVM exits. */
    public static TestDatabase createDatabase() {
        return server().createDatabase();
    }

    private static PostgresServer find() {
        Optional<String> configured = TestEnvironment.get(URL_VARIABLE);
        if (configured.isPresent()) {
            PostgresUrl url = PostgresUrl.parse(URL_VARIABLE, configured.get());
            String failure = canCreateDatabases(url);
            if (failure != null) {
                throw new IllegalStateException(URL_VARIABLE + " names " + url.host() + ":" + url.port() + "/" + url.database()
                        + ", which tests cannot use: " + failure);
            }
            return found(new PostgresServer(URL_VARIABLE + " (" + url.host() + ":" + url.port() + ")", url, true));
        }

        List<String> tried = new ArrayList<>();
        PostgresServer local = local(tried);
        if (local != null) {
            return found(local);
        }
        if (DockerAvailability.isAvailable()) {
            return found(container());
        }
        tried.add("Docker: not available");
        if (isRoot()) {
            tried.add("embedded PostgreSQL: initdb does not run as root");
        } else {
            return found(embedded());
        }
        throw new IllegalStateException("No PostgreSQL for tests. Set " + URL_VARIABLE
                + "=postgresql://user:password@host:5432/postgres (a user that may CREATE DATABASE),"
                + " or run PostgreSQL on 127.0.0.1:5432 with a user postgres or " + System.getProperty("user.name")
                + ", or start Docker. Tried: " + String.join("; ", tried));
    }

    private static PostgresServer found(PostgresServer server) {
        log.info("PostgreSQL for tests: {}", server.description());
        return server;
    }

    private static PostgresServer local(List<String> tried) {
        if (!LocalPorts.isListening(LOCAL_PORT, 500)) {
            tried.add("127.0.0.1:" + LOCAL_PORT + ": nothing listening");
            return null;
        }
        String password = TestEnvironment.get("PGPASSWORD").orElse(null);
        Set<String> users = new LinkedHashSet<>();
        TestEnvironment.get("PGUSER").ifPresent(users::add);
        users.add("postgres");
        users.add(System.getProperty("user.name"));
        for (String user : users) {
            PostgresUrl url = new PostgresUrl(LocalPorts.LOOPBACK, LOCAL_PORT, "postgres", user, password, Map.of());
            String failure = canCreateDatabases(url);
            if (failure == null) {
                return new PostgresServer("local server 127.0.0.1:" + LOCAL_PORT + " as " + user, url, true);
            }
            tried.add("127.0.0.1:" + LOCAL_PORT + " as " + user + ": " + failure);
        }
        return null;
    }

    /** Null when {@code url} connects as a user allowed to create databases, else why not. */
    private static String canCreateDatabases(PostgresUrl url) {
        try (Connection connection = PostgresServer.connect(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
            return row.next() && row.getBoolean(1) ? null : "user " + url.user() + " may not CREATE DATABASE";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static PostgresServer container() {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE))
                // Durability is worthless for a throwaway database; these make DDL-heavy tests faster.
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        container.start();
        // Ryuk removes the container when this JVM exits, even on kill -9.
        PostgresUrl url = new PostgresUrl(container.getHost(), container.getMappedPort(LOCAL_PORT),
                container.getDatabaseName(), container.getUsername(), container.getPassword(), Map.of());
        return new PostgresServer("container " + IMAGE + " on " + container.getHost() + ":" + url.port(), url, false);
    }

    private static PostgresServer embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start(); // registers its own shutdown hook
            PostgresUrl url = new PostgresUrl(LocalPorts.LOOPBACK, postgres.getPort(), "postgres", "postgres", null, Map.of());
            return new PostgresServer("embedded PostgreSQL on 127.0.0.1:" + postgres.getPort(), url, false);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
