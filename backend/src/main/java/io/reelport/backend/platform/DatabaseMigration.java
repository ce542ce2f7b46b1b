package io.reelport.backend.platform;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The backend's migrate-only mode: applies the Flyway migrations and exits, 0 when the schema is
 * current, 1 when it could not be made so. Deployments run it once before new code takes traffic
 * (App Platform's {@code PRE_DEPLOY} job, a Compose one-shot service), while the backend instances
 * run with {@code FLYWAY_MIGRATE_ON_STARTUP=false}, so that they never race to migrate and a failed
 * migration stops the deploy instead of a fleet of half-started instances.
 *
 * <pre>java -cp reelport-backend.jar io.reelport.backend.platform.DatabaseMigration</pre>
 *
 * It reads the backend's own configuration (the same {@code application.yml}, {@code DATABASE_URL}
 * or {@code SPRING_DATASOURCE_*}, every {@code spring.flyway.*} setting) but starts only the
 * datasource and Flyway: no web server, no Redis consumers, no JPA. Migrating is its only purpose,
 * so it migrates whatever {@code FLYWAY_MIGRATE_ON_STARTUP} says.
 *
 * <p>Not a {@code @Configuration}: the backend's component scan must not pick it up, and tests
 * looking for the {@code @SpringBootConfiguration} must not find it.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
public final class DatabaseMigration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMigration.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Migrates and returns the process exit code; Spring Boot has already reported a failure. */
    public static int run(String... args) {
        SpringApplication application = new SpringApplication(DatabaseMigration.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        // Flyway needs a connection or two; the default pool of ten would take from the budget
        // the running backend instances share while a deploy migrates. Configuration may still set it.
        application.setDefaultProperties(Map.of("spring.datasource.hikari.maximum-pool-size", "2"));
        application.addInitializers(context -> context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("reelportMigrateOnly", Map.of("spring.flyway.enabled", "true"))));
        try (ConfigurableApplicationContext context = application.run(args)) {
            MigrationInfo current = context.getBean(Flyway.class).info().current();
            log.info("Database schema is current: {}", current == null ? "no migrations"
                    : current.getVersion() != null ? "version " + current.getVersion() : current.getScript());
            return 0;
        } catch (RuntimeException failed) {
            // SpringApplication has logged the failure and its analysis already.
            return 1;
        }
    }
}
