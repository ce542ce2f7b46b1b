package io.reelport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The environment variables of docs/getting-started.md reach the settings, and bad values stop the launcher. */
class LocalPropertiesTest {

    static LocalProperties bind(String... properties) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LocalApplication.class)
                .properties(properties)
                .run()) {
            return context.getBean(LocalProperties.class);
        }
    }

    @Test
    void defaultsRunTheWholePlatformFromTheRepositoryRoot() {
        LocalProperties properties = bind();

        assertThat(properties.homeDirectory()).isEqualTo(Path.of("").toAbsolutePath());
        assertThat(properties.resolvedDataDirectory()).isEqualTo(Path.of(".reelport").toAbsolutePath());
        assertThat(properties.ports()).isEqualTo(new LocalProperties.Ports(8080, 8081, 8082));
        assertThat(properties.postgres()).isEqualTo(new LocalProperties.Postgres("", "reelport", 5432, 15432));
        assertThat(properties.redis()).isEqualTo(new LocalProperties.Redis("", "reelport", 6379, 16379));
        assertThat(properties.storage().isGiven()).isFalse();
        assertThat(properties.storage().embeddedPort()).isEqualTo(9000);
        assertThat(properties.storage().buckets().staging()).isEqualTo("reelport-staging");
        assertThat(properties.services().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(properties.services().registrationMode()).isEqualTo("open");
        assertThat(properties.services().readyTimeout()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void environmentVariablesOverrideThem() {
        LocalProperties properties = bind("REELPORT_HOME=/srv/reelport", "REELPORT_DATA_DIR=/var/lib/reelport",
                "BACKEND_PORT=9080", "WORKER_PORT=9081", "EDGE_PORT=9082", "DATABASE_URL=postgresql://db/x",
                "LOCAL_DATABASE_NAME=mine", "REDIS_URL=redis://cache:6379", "REDIS_NAMESPACE=dev",
                "S3_ENDPOINT=http://minio:9000", "S3_ACCESS_KEY=a", "S3_SECRET_KEY=b", "LOCAL_S3_PORT=9100",
                "LOCAL_POSTGRES_PORT=25432", "LOCAL_REDIS_PORT=26379", "LOCAL_READY_TIMEOUT=5m",
                "LOCAL_BIND_ADDRESS=0.0.0.0", "CORS_ALLOWED_ORIGINS=http://localhost:4200", "REGISTRATION_MODE=closed");

        assertThat(properties.homeDirectory()).isEqualTo(Path.of("/srv/reelport"));
        assertThat(properties.resolvedDataDirectory()).isEqualTo(Path.of("/var/lib/reelport"));
        assertThat(properties.ports()).isEqualTo(new LocalProperties.Ports(9080, 9081, 9082));
        assertThat(properties.postgres()).isEqualTo(new LocalProperties.Postgres("postgresql://db/x", "mine", 5432, 25432));
        assertThat(properties.redis()).isEqualTo(new LocalProperties.Redis("redis://cache:6379", "dev", 6379, 26379));
        assertThat(properties.storage().isGiven()).isTrue();
        assertThat(properties.storage().embeddedPort()).isEqualTo(9100);
        assertThat(properties.services().readyTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.services().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(properties.services().corsAllowedOrigins()).isEqualTo("http://localhost:4200");
        assertThat(properties.services().registrationMode()).isEqualTo("closed");
    }

    @Test
    void refusesValuesTheServicesCouldNotUse() {
        assertThatThrownBy(() -> bind("REGISTRATION_MODE=sometimes")).hasStackTraceContaining("registrationMode");
        assertThatThrownBy(() -> bind("LOCAL_DATABASE_NAME=Robert'); DROP TABLE")).hasStackTraceContaining("database");
        assertThatThrownBy(() -> bind("BACKEND_PORT=70000")).hasStackTraceContaining("backend");
    }
}
