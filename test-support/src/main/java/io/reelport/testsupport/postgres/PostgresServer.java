package io.reelport.testsupport.postgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server tests may create databases on, reached as a user with {@code CREATEDB}.
 *
 * <p>Each {@link #createDatabase()} makes a fresh database named {@code rpt_<random>}, so test
 * classes never see each other's rows, in one JVM or in several building in parallel. On a server
 * that outlives the JVM (named by {@code TEST_DATABASE_URL} or found on the local port) the
 * databases are dropped when the JVM exits, and databases that a killed JVM left behind are
 * dropped a day later by the next run: each carries its creation time as a comment.
 */
public final class PostgresServer {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final String COMMENT_PREFIX = "reelport test database, created ";
    private static final Pattern COMMENT = Pattern.compile(Pattern.quote(COMMENT_PREFIX) + "(\\d+)");
    private static final Duration LEFTOVER_AGE = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String description;
    private final PostgresUrl admin;
    private final boolean outlivesJvm;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    PostgresServer(String description, PostgresUrl admin, boolean outlivesJvm) {
        this.description = description;
        this.admin = admin;
        this.outlivesJvm = outlivesJvm;
        if (outlivesJvm) {
            dropLeftovers();
            Runtime.getRuntime().addShutdownHook(new Thread(this::dropCreated, "reelport-test-postgres-cleanup"));
        }
    }

    /** Where the server came from, for logs and failure messages. */
    public String description() {
        return description;
    }

    /** A JDBC URL for {@code database} on this server, without credentials. */
    public String jdbcUrl(String database) {
        return admin.jdbcUrl(database);
    }

    /** The user that creates the test databases and owns them. */
    public String username() {
        return admin.user();
    }

    public String password() {
        return admin.password();
    }

    /** Connects to the database named in the server's URL, the one databases are created from. */
    public Connection connectAdmin() throws SQLException {
        return connect(admin);
    }

    static Connection connect(PostgresUrl url) throws SQLException {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        // Seconds. A lookup that finds nothing must fail fast, not after pgjdbc's defaults.
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        return DriverManager.getConnection(url.jdbcUrl(url.database()), properties);
    }

    /** A new, empty database owned by {@link #username()}. */
    public TestDatabase createDatabase() {
        String name = "rpt_" + HexFormat.of().formatHex(randomBytes());
        try (Connection connection = connectAdmin(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            created.add(name);
            statement.execute("COMMENT ON DATABASE " + name + " IS '" + COMMENT_PREFIX + Instant.now().getEpochSecond() + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + description
                    + " as " + admin.user() + " (the user needs CREATEDB): " + e.getMessage(), e);
        }
        return new TestDatabase(name, admin.jdbcUrl(name), admin.user(), admin.password());
    }

    /** Drops a database made by {@link #createDatabase()}, closing its open connections. */
    public void dropDatabase(TestDatabase database) {
        try (Connection connection = connectAdmin(); Statement statement = connection.createStatement()) {
            drop(statement, database.name());
            created.remove(database.name());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + database.name() + " on " + description + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void drop(Statement statement, String name) throws SQLException {
        // FORCE (PostgreSQL 13+) ends the connections a test's pool may still hold at JVM exit.
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void dropCreated() {
        if (created.isEmpty()) {
            return;
        }
        try (Connection connection = connectAdmin(); Statement statement = connection.createStatement()) {
            for (String name : created) {
                drop(statement, name);
            }
        } catch (SQLException e) {
            // Best effort at exit; the next run drops what is left once it is a day old.
            System.err.println("reelport test-support: could not drop test databases " + created + " on " + description + ": " + e.getMessage());
        }
    }

    private void dropLeftovers() {
        long cutoff = Instant.now().minus(LEFTOVER_AGE).getEpochSecond();
        try (Connection connection = connectAdmin(); Statement statement = connection.createStatement()) {
            List<String> leftovers = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT datname, shobj_description(oid, 'pg_database')"
                    + " FROM pg_database WHERE datname LIKE 'rpt\\_%'")) {
                while (rows.next()) {
                    Matcher comment = COMMENT.matcher(String.valueOf(rows.getString(2)));
                    if (comment.matches() && Long.parseLong(comment.group(1)) < cutoff) {
                        leftovers.add(rows.getString(1));
                    }
                }
            }
            for (String name : leftovers) {
                drop(statement, name);
            }
            if (!leftovers.isEmpty()) {
                log.info("Dropped {} test databases left over by earlier runs on {}", leftovers.size(), description);
            }
        } catch (SQLException e) {
            log.warn("Could not look for left-over test databases on {}: {}", description, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
