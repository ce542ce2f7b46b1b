package io.reelport.deploy.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.deploy.AppSpec;
import io.reelport.deploy.AppSpec.Component;
import io.reelport.deploy.AppSpec.Env;
import io.reelport.deploy.RepositoryRoot;
import io.reelport.deploy.ServiceConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/do-app-production.yaml sets every environment variable each service reads, and nothing a
 * service does not read unless it is listed below with its reason. When a service starts reading a
 * new variable, this fails until the spec sets it: that is the point.
 */
class ProductionSpecTest {

    /** The service configuration each component runs. */
    static final Map<String, String> RUNS = Map.of("backend", "backend", "edge", "edge", "worker", "worker",
            "migrate", "backend");

    /** Modules with a Spring configuration that are not deployed to App Platform, with the reason. */
    static final Map<String, String> NOT_DEPLOYED = Map.of(
            "local", "the local runner: a developer launcher, never deployed");

    /**
     * Variables read outside the configuration files and outside System.getenv, per component.
     * The migrate job runs only DatabaseMigration, whose context binds the datasource and Flyway,
     * so it reads nothing else.
     */
    static final Map<String, Set<String>> READ_IN_CODE = Map.of(
            "backend", Set.of("DATABASE_URL"),
            "migrate", Set.of("DATABASE_URL"));
    static final Set<String> MIGRATE_READS_ONLY = Set.of("DATABASE_URL");

    /** Set in the spec although no configuration file names them, each with its reason. */
    static final Map<String, Map<String, String>> SPEC_ONLY = Map.of(
            "backend", Map.of("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE",
                    "Spring Boot binds it to spring.datasource.hikari.maximum-pool-size by itself"));

    /**
     * Variables the services are being extended to read (named by DESIGN.md and the team's briefs),
     * set in the spec ahead of the code. Each entry must go once its service reads the variable:
     * the test says when.
     */
    static final Map<String, Set<String>> ANNOUNCED = Map.of();

    /** Never in plain text. */
    static final Set<String> SECRETS = Set.of("JWT_KEYS", "PLAYBACK_KEYS", "S3_ACCESS_KEY", "S3_SECRET_KEY",
            "BOOTSTRAP_ADMIN_PASSWORD");

    static AppSpec spec;

    @BeforeAll
    static void load() throws IOException {
        spec = AppSpec.load(AppSpec.PRODUCTION);
    }

    static Set<String> readBy(String component) throws IOException {
        Set<String> read = new TreeSet<>(READ_IN_CODE.getOrDefault(component, Set.of()));
        if (!component.equals("migrate")) {
            String service = RUNS.get(component);
            read.addAll(ServiceConfiguration.placeholderVariables(service));
            read.addAll(ServiceConfiguration.getenvVariables(service));
        }
        return read;
    }

    @Test
    void everyDeployedServiceHasAComponentAndEveryComponentAService() throws IOException {
        Set<String> services = new TreeSet<>(ServiceConfiguration.modulesWithConfiguration());
        services.removeAll(NOT_DEPLOYED.keySet());
        assertThat(services).as("modules with an application.yml; add a component, or list the module in NOT_DEPLOYED")
                .containsExactlyInAnyOrderElementsOf(new TreeSet<>(RUNS.values()));
        assertThat(spec.components()).extracting(Component::name)
                .containsExactlyInAnyOrderElementsOf(RUNS.keySet());
    }

    @Test
    void everyVariableAServiceReadsIsSetOnItsComponent() throws IOException {
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (Component component : spec.components()) {
            Set<String> absent = new TreeSet<>(readBy(component.name()));
            absent.removeAll(component.envsByKey().keySet());
            if (!absent.isEmpty()) {
                missing.put(component.name(), absent);
            }
        }
        assertThat(missing).as("variables the services read that deploy/do-app-production.yaml does not set").isEmpty();
    }

    @Test
    void theSpecSetsNothingItsServiceDoesNotRead() throws IOException {
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        for (Component component : spec.components()) {
            Set<String> extra = new TreeSet<>(component.envsByKey().keySet());
            extra.removeAll(readBy(component.name()));
            extra.removeAll(SPEC_ONLY.getOrDefault(component.name(), Map.of()).keySet());
            extra.removeAll(ANNOUNCED.getOrDefault(component.name(), Set.of()));
            if (!extra.isEmpty()) {
                unknown.put(component.name(), extra);
            }
        }
        assertThat(unknown).as("variables in the spec that no configuration reads (a typo, or list them in SPEC_ONLY)")
                .isEmpty();
        assertThat(spec.component("migrate").envsByKey().keySet()).containsExactlyInAnyOrderElementsOf(MIGRATE_READS_ONLY);
    }

    @Test
    void announcedVariablesAreStillUnread() throws IOException {
        Map<String, Set<String>> nowRead = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> announced : ANNOUNCED.entrySet()) {
            Set<String> read = new TreeSet<>(announced.getValue());
            read.retainAll(readBy(announced.getKey()));
            if (!read.isEmpty()) {
                nowRead.put(announced.getKey(), read);
            }
            assertThat(spec.component(announced.getKey()).envsByKey()).as(announced.getKey())
                    .containsKeys(announced.getValue().toArray(String[]::new));
        }
        assertThat(nowRead).as("read by their service now: remove them from ANNOUNCED").isEmpty();
    }

    @Test
    void theVariableReadInCodeIsStillReadThere() throws IOException {
        assertThat(RepositoryRoot.resolve(
                "common/src/main/java/io/reelport/common/config/DatabaseUrlEnvironmentPostProcessor.java"))
                .content().contains("VARIABLE = \"DATABASE_URL\"");
    }

    @Test
    void secretsAreSecretAndNoVariableReachesTheBuild() {
        for (Component component : spec.components()) {
            for (Env env : component.envs()) {
                assertThat(env.scope()).as(component.name() + " " + env.key()).isEqualTo("RUN_TIME");
                if (SECRETS.contains(env.key())) {
                    assertThat(env.type()).as(component.name() + " " + env.key()).isEqualTo("SECRET");
                    assertThat(env.value()).as("the committed spec carries no secret").isEmpty();
                }
            }
        }
    }

    @Test
    void platformValuesComeFromBindableVariables() {
        Map<String, String> engines = new LinkedHashMap<>();
        for (Map<String, Object> database : spec.<List<Map<String, Object>>>get("databases")) {
            engines.put((String) database.get("name"), (String) database.get("engine"));
            assertThat(database.get("production")).isEqualTo(true);
        }
        assertThat(engines).containsEntry("db", "PG").containsEntry("cache", "VALKEY");
        assertThat(spec.<List<Map<String, Object>>>get("databases")).filteredOn(db -> "PG".equals(db.get("engine")))
                .singleElement().satisfies(db -> assertThat(db.get("version")).isEqualTo("16"));

        Map<String, Env> backend = spec.component("backend").envsByKey();
        assertThat(backend.get("DATABASE_URL").value()).isEqualTo("${db.DATABASE_URL}");
        assertThat(spec.component("migrate").envsByKey().get("DATABASE_URL").value()).isEqualTo("${db.DATABASE_URL}");
        assertThat(backend.get("REDIS_URL").value()).isEqualTo("${cache.DATABASE_URL}");
        assertThat(spec.component("worker").envsByKey().get("REDIS_URL").value()).isEqualTo("${cache.DATABASE_URL}");
        assertThat(backend.get("EDGE_PUBLIC_URL").value()).isEqualTo("${APP_URL}");
        for (String component : List.of("backend", "edge")) {
            Map<String, Env> envs = spec.component(component).envsByKey();
            assertThat(envs.get("CORS_ALLOWED_ORIGINS").value()).isEqualTo("${APP_URL}");
            assertThat(envs.get("CLIENT_IP_HEADER").value()).isEqualTo("do-connecting-ip");
        }
        // Spaces: regional endpoint, virtual-host style, no Object Lock.
        for (Component component : List.of(spec.component("backend"), spec.component("edge"), spec.component("worker"))) {
            Map<String, Env> envs = component.envsByKey();
            String region = envs.get("S3_REGION").value();
            assertThat(envs.get("S3_ENDPOINT").value()).isEqualTo("https://" + region + ".digitaloceanspaces.com");
            assertThat(envs.get("S3_PATH_STYLE").value()).isEqualTo("false");
        }
        assertThat(spec.component("worker").envsByKey().get("MASTERS_RETENTION_DAYS").value()).isEqualTo("0");
    }

    @Test
    void migrationsRunOnceBeforeDeployAndNeverInTheServices() {
        Component migrate = spec.component("migrate");
        assertThat(migrate.kind()).isEqualTo("jobs");
        assertThat(migrate.spec()).containsEntry("kind", "PRE_DEPLOY")
                .containsEntry("dockerfile_path", spec.component("backend").spec().get("dockerfile_path"));
        String runCommand = (String) migrate.spec().get("run_command");
        assertThat(runCommand).startsWith("exec java ").endsWith(" io.reelport.backend.platform.DatabaseMigration");
        assertThat(RepositoryRoot.resolve("backend/src/main/java/io/reelport/backend/platform/DatabaseMigration.java"))
                .isRegularFile();
        assertThat(spec.component("backend").envsByKey().get("FLYWAY_MIGRATE_ON_STARTUP").value()).isEqualTo("false");
    }

    @Test
    void portsAndHealthChecksMatchTheServices() {
        for (String name : List.of("backend", "edge")) {
            Component service = spec.component(name);
            assertThat(service.envsByKey().get("PORT").value()).isEqualTo(String.valueOf(service.spec().get("http_port")));
            assertThat(service.spec()).doesNotContainKey("instance_count").containsKey("autoscaling");
            assertThat(service.spec().get("instance_size_slug").toString()).as("autoscaling needs dedicated CPUs")
                    .startsWith("apps-d-");
            assertThat(nested(service, "health_check", "http_path")).isEqualTo("/actuator/health/readiness");
            assertThat(nested(service, "liveness_health_check", "http_path")).isEqualTo("/actuator/health/liveness");
        }
        Component worker = spec.component("worker");
        assertThat(String.valueOf(nested(worker, "liveness_health_check", "port")))
                .isEqualTo(worker.envsByKey().get("PORT").value());
        assertThat(nested(worker, "liveness_health_check", "http_path")).isEqualTo("/actuator/health/liveness");
    }

    @Test
    void ingressRoutesTheApiToTheBackendAndPlaybackToTheEdgeWithTheirPrefixes() {
        Map<String, String> routes = new LinkedHashMap<>();
        for (Map<String, Object> rule : spec.<Map<String, List<Map<String, Object>>>>get("ingress").get("rules")) {
            @SuppressWarnings("unchecked")
            String prefix = ((Map<String, Map<String, String>>) rule.get("match")).get("path").get("prefix");
            @SuppressWarnings("unchecked")
            Map<String, String> component = (Map<String, String>) rule.get("component");
            assertThat(component.get("rewrite")).as("prefix " + prefix + " reaches the service unchanged").isEqualTo(prefix);
            routes.put(prefix, component.get("name"));
        }
        assertThat(routes).containsEntry("/api", "backend").containsEntry("/v3/api-docs", "backend")
                .containsEntry("/p", "edge").doesNotContainKey("/actuator");
    }

    @Test
    void everyComponentBuildsFromADockerfileInTheRepository() {
        for (Component component : spec.components()) {
            String dockerfile = (String) component.spec().get("dockerfile_path");
            assertThat(RepositoryRoot.resolve(dockerfile)).as(component.name()).isRegularFile();
            assertThat(dockerfile).contains(RUNS.get(component.name()));
        }
    }

    private static Object nested(Component component, String block, String key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) component.spec().get(block);
        assertThat(map).as(component.name() + " " + block).isNotNull();
        return map.get(key);
    }
}
