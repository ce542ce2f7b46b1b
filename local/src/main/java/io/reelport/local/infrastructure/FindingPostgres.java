package io.reelport.local.infrastructure;

import io.reelport.common.config.DatabaseUrl;
import io.reelport.local.LaunchException;
import io.reelport.local.LocalProperties;
import io.reelport.local.process.LogFiles;
import io.reelport.testsupport.lookup.LocalPorts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the backend will use, as a {@code DATABASE_URL}, found in this order:
 * <ol>
 *   <li>{@code DATABASE_URL}: used as it is (when set, it is the only candidate);</li>
 *   <li>the machine's server on {@code 127.0.0.1:5432}, as {@code $PGUSER}, {@code postgres} or the
 *       OS user ({@code $PGPASSWORD} if set), on a database {@code reelport} created if missing;</li>
 *   <li>embedded PostgreSQL (zonky) on port 15432 with its data in {@code .reelport/postgres},
 *       unless running as root, where {@code initdb} refuses to run.</li>
 * </ol>
 */
public final class FindingPostgres {

    private static final Logger log = LoggerFactory.getLogger(FindingPostgres.class);
    static final String OWNER_COMMENT = "Reelport local runner, data folder ";

    private final LocalProperties.Postgres settings;
    private final Path dataDirectory;
    private final LogFiles logs;
    private final Map<String, String> environment;
    private final boolean root;
    private final String owner;

    /**
     * @param dataDirectory where the embedded server keeps its data
     * @param owner         the launcher's data folder, recorded on the database it creates
     * @param environment   for {@code PGUSER} and {@code PGPASSWORD}
     * @param root          whether the launcher runs as root (no embedded server then)
     */
    public FindingPostgres(LocalProperties.Postgres settings, Path dataDirectory, Path owner, LogFiles logs,
            Map<String, String> environment, boolean root) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.logs = logs;
        this.environment = environment;
        this.root = root;
        this.owner = owner.toAbsolutePath().normalize().toString();
    }

    /** @return the {@code DATABASE_URL} for the backend */
    public Found<String> find() {
        if (settings.isGiven()) {
            return given();
        }
        List<String> tried = new ArrayList<>();
        if (settings.localPort() > 0) {
            if (LocalPorts.isListening(settings.localPort(), 500)) {
                Found<String> local = local(tried);
                if (local != null) {
                    return local;
                }
                throw new LaunchException("PostgreSQL on 127.0.0.1:" + settings.localPort() + " did not let us in: "
                        + String.join("; ", tried) + ". Set PGUSER and PGPASSWORD, or DATABASE_URL=postgresql://user:password@127.0.0.1:"
                        + settings.localPort() + "/" + settings.database());
            }
            tried.add("nothing listens on 127.0.0.1:" + settings.localPort());
        }
        if (root) {
            throw new LaunchException("No PostgreSQL: " + String.join("; ", tried)
                    + ", and embedded PostgreSQL cannot run as root (initdb refuses). Start PostgreSQL on 127.0.0.1:5432,"
                    + " or set DATABASE_URL=postgresql://user:password@host:5432/" + settings.database() + ", or run as another user.");
        }
        return embedded();
    }

    private Found<String> given() {
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(settings.url());
        } catch (IllegalArgumentException e) {
            throw new LaunchException(e.getMessage());
        }
        try (Connection ignored = connect(url.jdbcUrl(), url.username(), url.password())) {
            return Found.existing(settings.url(), "DATABASE_URL " + withoutCredentials(url.jdbcUrl()));
        } catch (SQLException e) {
            throw new LaunchException("DATABASE_URL (" + withoutCredentials(url.jdbcUrl()) + ") does not connect: " + e.getMessage(), e);
        }
    }

    private Found<String> local(List<String> tried) {
        String password = environment.get("PGPASSWORD");
        Set<String> users = new LinkedHashSet<>();
        if (environment.get("PGUSER") != null && !environment.get("PGUSER").isBlank()) {
            users.add(environment.get("PGUSER"));
        }
        users.add("postgres");
        users.add(System.getProperty("user.name"));
        for (String user : users) {
            try {
                createDatabaseIfMissing(settings.localPort(), user, password);
                return Found.existing(databaseUrl(settings.localPort(), user, password),
                        "local server 127.0.0.1:" + settings.localPort() + " as " + user + ", database " + settings.database());
            } catch (SQLException e) {
                tried.add("as " + user + ": " + e.getMessage());
            }
        }
        return null;
    }

    private Found<String> embedded() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, settings.embeddedPort(), logs.startNew("postgres"));
        try {
            createDatabaseIfMissing(settings.embeddedPort(), EmbeddedPostgresServer.USER, null);
        } catch (SQLException e) {
            server.stop();
            throw new LaunchException("embedded PostgreSQL started but the database " + settings.database()
                    + " could not be created: " + e.getMessage(), e);
        }
        return Found.started(databaseUrl(settings.embeddedPort(), EmbeddedPostgresServer.USER, null),
                "embedded PostgreSQL 127.0.0.1:" + settings.embeddedPort() + ", database " + settings.database()
                        + ", data " + dataDirectory, server);
    }

    /** Connects to the server's {@code postgres} database and creates ours unless it exists. */
    private void createDatabaseIfMissing(int port, String user, String password) throws SQLException {
        try (Connection connection = connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", user, password)) {
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
                exists.setString(1, settings.database());
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        warnIfAnotherFoldersDatabase(row.getString(1), port);
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                // The name is validated as [a-z_][a-z0-9_]* (LocalProperties), so it needs no quoting.
                create.execute("CREATE DATABASE " + settings.database());
                create.execute("COMMENT ON DATABASE " + settings.database() + " IS '"
                        + (OWNER_COMMENT + owner).replace("'", "''") + "'");
                log.info("Created database {} on 127.0.0.1:{}", settings.database(), port);
            }
        }
    }

    /**
     * A database on a shared server outlives the data folder that created it, and another checkout
     * on the same machine finds it too; its admin, users and assets then belong to the other
     * folder's secrets and objects. Worth a warning, not a refusal: it may be what the user wants.
     */
    private void warnIfAnotherFoldersDatabase(String comment, int port) {
        if (comment != null && comment.startsWith(OWNER_COMMENT) && !comment.equals(OWNER_COMMENT + owner)) {
            log.warn("Database {} on 127.0.0.1:{} was created for {}: its admin password and assets are that folder's."
                    + " Set LOCAL_DATABASE_NAME for a database of this folder's own.", settings.database(), port,
                    comment.substring(OWNER_COMMENT.length()));
        }
    }

    private String databaseUrl(int port, String user, String password) {
        String credentials = encode(user) + (password == null || password.isEmpty() ? "" : ":" + encode(password));
        return "postgresql://" + credentials + "@127.0.0.1:" + port + "/" + settings.database();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // Seconds: a lookup that finds nothing must say so quickly.
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private static String withoutCredentials(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }
}
