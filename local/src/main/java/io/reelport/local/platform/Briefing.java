package io.reelport.local.platform;

import io.reelport.local.LocalProperties;
import io.reelport.local.secrets.DevelopmentSecrets;
import io.reelport.local.services.Service;
import io.reelport.local.services.ServiceProcess;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the launcher prints once everything is ready: where each service is, the admin's
 * credentials, what infrastructure is in use, and commands to paste into another terminal.
 */
public final class Briefing {

    private final LocalProperties properties;
    private final Path dataDirectory;
    private final Path secretsFile;
    private final DevelopmentSecrets secrets;
    private final Map<Service, ServiceProcess> services;
    private final String database;
    private final String redis;
    private final String storage;

    Briefing(LocalProperties properties, Path dataDirectory, Path secretsFile, DevelopmentSecrets secrets,
            Map<Service, ServiceProcess> services, String database, String redis, String storage) {
        this.properties = properties;
        this.dataDirectory = dataDirectory;
        this.secretsFile = secretsFile;
        this.secrets = secrets;
        this.services = services;
        this.database = database;
        this.redis = redis;
        this.storage = storage;
    }

    public String apiUrl() {
        return "http://localhost:" + properties.ports().backend();
    }

    public String edgeUrl() {
        return "http://localhost:" + properties.ports().edge();
    }

    public String workerUrl() {
        return "http://localhost:" + properties.ports().worker();
    }

    public String text() {
        String api = apiUrl();
        return """

                Reelport is running. Ctrl-C stops everything.

                  API          %s/api                    %s
                  Swagger UI   %s/api/docs
                  OpenAPI      %s/v3/api-docs
                  Edge         %s/p/{token}/...          %s
                  Worker       %s/actuator/health        %s

                  Admin        %s   password %s
                               (from %s; the backend creates this admin on its first start)

                  PostgreSQL   %s
                  Redis        %s
                  S3           %s
                  Data         %s (kept between runs; delete it to start afresh)

                Quickstart: paste into another terminal.

                  API=%s
                  TOKEN=$(curl -s "$API/api/auth/login" -H 'Content-Type: application/json' \\
                    -d '{"email":"%s","password":"%s"}' \\
                    | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/')
                  curl -s "$API/api/auth/me" -H "Authorization: Bearer $TOKEN"; echo

                Demo: scripts/demo.sh makes a clip with ffmpeg, uploads it through this API as a
                client would, follows its progress and prints a signed playback URL that plays.
                The same steps with curl: docs/api.md.

                """.formatted(
                api, log(Service.BACKEND),
                api,
                api,
                edgeUrl(), log(Service.EDGE),
                workerUrl(), log(Service.WORKER),
                secrets.adminEmail(), secrets.adminPassword(), shown(secretsFile),
                database, redis, storage, shown(dataDirectory),
                api, secrets.adminEmail(), secrets.adminPassword());
    }

    private String log(Service service) {
        ServiceProcess process = services.get(service);
        return process == null ? "" : "log " + shown(process.logFile());
    }

    /** {@code path} relative to the repository when it is inside it: shorter, and what the user typed. */
    private String shown(Path path) {
        Path home = properties.homeDirectory();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(home) ? home.relativize(absolute).toString() : absolute.toString();
    }
}
