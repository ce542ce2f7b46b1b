package io.reelport.local.services;

import io.reelport.common.storage.StorageProperties;
import io.reelport.local.LocalProperties;
import io.reelport.local.secrets.DevelopmentSecrets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The environment each service runs with: the one place where the launcher's findings (where the
 * database, Redis and S3 are, the generated secrets, ports and folders) become the environment
 * variables the services read in production (docs/architecture.md, each service's
 * {@code application.yml}).
 *
 * <p>Each service gets only the variables it reads, as in production: the edge never sees the
 * database or the JWT keys. A service inherits the rest of the launcher's environment, so a
 * developer can still tune it ({@code WORKER_CONCURRENCY=1 scripts/run-local.sh}); but a variable
 * the launcher sets for any service is never inherited, so an {@code S3_ACCESS_KEY} of another
 * project in the shell cannot reach a service that talks to the embedded s3proxy.
 */
public final class ServiceEnvironment {

    private static final Set<Service> ALL = EnumSet.allOf(Service.class);
    private static final Set<Service> BACKEND = EnumSet.of(Service.BACKEND);
    private static final Set<Service> WORKER = EnumSet.of(Service.WORKER);
    private static final Set<Service> EDGE = EnumSet.of(Service.EDGE);
    private static final Set<Service> BACKEND_AND_WORKER = EnumSet.of(Service.BACKEND, Service.WORKER);
    private static final Set<Service> BACKEND_AND_EDGE = EnumSet.of(Service.BACKEND, Service.EDGE);

    /**
     * Inherited variables that would override what the launcher sets (Spring Boot binds them over
     * {@code application.yml}), so they are dropped too.
     */
    static final List<String> OVERRIDES = List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "SPRING_DATA_REDIS_URL", "SERVER_PORT");

    /** What the launcher found and decided, from which every variable is derived. */
    public record Facts(
            LocalProperties.Ports ports,
            String bindAddress,
            String databaseUrl,
            String redisUrl,
            String redisNamespace,
            StorageProperties storage,
            boolean storageIsEmbedded,
            DevelopmentSecrets secrets,
            Path dataDirectory,
            String corsAllowedOrigins,
            String registrationMode) {

        public String edgePublicUrl() {
            return "http://localhost:" + ports.edge();
        }
    }

    /** One variable: its name, the services that read it, and its value (null: not set). */
    private record Variable(String name, Set<Service> services, Function<Facts, String> value) {
    }

    private static final List<Variable> VARIABLES = List.of(
            new Variable("SERVER_ADDRESS", ALL, Facts::bindAddress),
            new Variable("DATABASE_URL", BACKEND, Facts::databaseUrl),
            new Variable("REDIS_URL", BACKEND_AND_WORKER, Facts::redisUrl),
            new Variable("REDIS_NAMESPACE", BACKEND_AND_WORKER, Facts::redisNamespace),
            new Variable("S3_ENDPOINT", ALL, facts -> facts.storage().endpoint() == null ? null : facts.storage().endpoint().toString()),
            new Variable("S3_REGION", ALL, facts -> facts.storage().region()),
            new Variable("S3_ACCESS_KEY", ALL, facts -> blankAsNull(facts.storage().accessKey())),
            new Variable("S3_SECRET_KEY", ALL, facts -> blankAsNull(facts.storage().secretKey())),
            new Variable("S3_PATH_STYLE", ALL, facts -> Boolean.toString(facts.storage().pathStyle())),
            new Variable("STAGING_BUCKET", BACKEND_AND_WORKER, facts -> facts.storage().buckets().staging()),
            new Variable("MASTERS_BUCKET", BACKEND_AND_WORKER, facts -> facts.storage().buckets().masters()),
            new Variable("PREVIEWS_BUCKET", ALL, facts -> facts.storage().buckets().previews()),
            // s3proxy's filesystem backend has no Object Lock; elsewhere the worker's own default applies.
            new Variable("MASTERS_RETENTION_DAYS", WORKER, facts -> facts.storageIsEmbedded() ? "0" : null),
            new Variable("JWT_KEYS", BACKEND, facts -> facts.secrets().jwtKeys()),
            new Variable("JWT_ACTIVE_KID", BACKEND, facts -> facts.secrets().jwtActiveKid()),
            new Variable("PLAYBACK_KEYS", BACKEND_AND_EDGE, facts -> facts.secrets().playbackKeys()),
            new Variable("PLAYBACK_ACTIVE_KID", BACKEND, facts -> facts.secrets().playbackActiveKid()),
            new Variable("EDGE_PUBLIC_URL", BACKEND, Facts::edgePublicUrl),
            new Variable("CORS_ALLOWED_ORIGINS", BACKEND_AND_EDGE, Facts::corsAllowedOrigins),
            new Variable("REGISTRATION_MODE", BACKEND, Facts::registrationMode),
            new Variable("BOOTSTRAP_ADMIN_EMAIL", BACKEND, facts -> facts.secrets().adminEmail()),
            new Variable("BOOTSTRAP_ADMIN_PASSWORD", BACKEND, facts -> facts.secrets().adminPassword()),
            new Variable("WORKER_TEMP_DIR", WORKER, facts -> facts.dataDirectory().resolve("worker").toString()),
            new Variable("EDGE_CACHE_DIR", EDGE, facts -> facts.dataDirectory().resolve("edge-cache").toString()));

    private final Facts facts;

    public ServiceEnvironment(Facts facts) {
        this.facts = facts;
    }

    /** The variables the launcher sets for {@code service}, {@code PORT} first. */
    public Map<String, String> variables(Service service) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PORT", Integer.toString(service.port(facts.ports())));
        for (Variable variable : VARIABLES) {
            String value = variable.services().contains(service) ? variable.value().apply(facts) : null;
            if (value != null) {
                variables.put(variable.name(), value);
            }
        }
        return variables;
    }

    /**
     * The whole environment of {@code service}'s process: {@code inherited} without any variable
     * the launcher manages (for any service) or that would override one, plus {@link #variables}.
     */
    public Map<String, String> environment(Service service, Map<String, String> inherited) {
        Map<String, String> environment = new LinkedHashMap<>(inherited);
        environment.remove("PORT");
        VARIABLES.forEach(variable -> environment.remove(variable.name()));
        OVERRIDES.forEach(environment::remove);
        environment.putAll(variables(service));
        return environment;
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
