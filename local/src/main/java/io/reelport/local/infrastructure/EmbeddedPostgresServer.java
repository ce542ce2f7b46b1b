package io.reelport.local.infrastructure;

import io.reelport.local.LaunchException;
import io.reelport.testsupport.lookup.LocalPorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from the zonky binaries, with its data kept in the launcher's data folder: the first
 * run initialises it, later runs start the same cluster again.
 *
 * <p>zonky starts the server with {@code pg_ctl}, which detaches it, so it is not a child of the
 * launcher; its postmaster's pid (from {@code postmaster.pid}) goes to the process guard.
 */
final class EmbeddedPostgresServer implements Found.Stoppable {

    static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Optional<Long> postmasterPid;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.postmasterPid = readPostmasterPid(dataDirectory);
    }

    static EmbeddedPostgresServer start(Path dataDirectory, int port, Path logFile) {
        if (LocalPorts.isListening(port, 500)) {
            throw new LaunchException("cannot start embedded PostgreSQL: something else listens on 127.0.0.1:" + port
                    + " (set LOCAL_POSTGRES_PORT, or DATABASE_URL to use a server of yours)");
        }
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // The launcher stops it after the services, not concurrently with them at exit.
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            log.info("Embedded PostgreSQL started on 127.0.0.1:{} (data {})", port, dataDirectory);
            return new EmbeddedPostgresServer(postgres, dataDirectory);
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("embedded PostgreSQL did not start on port " + port + ": " + e.getMessage()
                    + " (log: " + logFile + ")", e);
        }
    }

    @Override
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    @Override
    public Optional<Long> pid() {
        return postmasterPid;
    }

    /** The first line of {@code postmaster.pid}, which the server removes when it stops. */
    private static Optional<Long> readPostmasterPid(Path dataDirectory) {
        try {
            String first = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0);
            return Optional.of(Long.parseLong(first.strip()));
        } catch (IOException | RuntimeException e) {
            log.warn("No postmaster pid in {}: the process guard cannot stop PostgreSQL if the launcher dies", dataDirectory);
            return Optional.empty();
        }
    }
}
