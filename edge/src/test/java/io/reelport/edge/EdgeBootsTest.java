package io.reelport.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.http.TestHttp;
import java.net.URI;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The edge starts against real services and says so on its health endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoint.health.show-components=always")
class EdgeBootsTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        ReelportTestProperties.register(registry, Need.S3);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    JsonNode get(String path) throws Exception {
        return JsonMapper.builder().build().readTree(TestHttp.getOk(URI.create("http://127.0.0.1:" + port + path)));
    }

    @Test
    void reportsLivenessAndReadinessUp() throws Exception {
        assertThat(get("/actuator/health").path("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").path("status").asString()).isEqualTo("UP");
        JsonNode readiness = get("/actuator/health/readiness");
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        for (String component : new String[] {"readinessState"}) {
            assertThat(readiness.path("components").path(component).path("status").asString())
                    .as("readiness component " + component).isEqualTo("UP");
        }
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        assertThat(TestHttp.getOk(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))).contains("jvm_memory_used_bytes");
    }

    @Test
    void pushesNoMetricsOverOtlpUnlessAsked() {
        // Prometheus scrapes the metrics; an OTLP registry would push them to localhost:4318 as well.
        assertThat(context.getBeansOfType(MeterRegistry.class).values())
                .extracting(registry -> registry.getClass().getSimpleName())
                .contains("PrometheusMeterRegistry")
                .doesNotContain("OtlpMeterRegistry");
    }
}
