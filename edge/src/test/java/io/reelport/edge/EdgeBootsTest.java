package io.reelport.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.http.Actuator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The edge starts against real services and says so on its health endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // A cache directory of its own: the default under java.io.tmpdir is shared with any other edge on the machine.
        properties = {"management.endpoint.health.show-components=always",
                "reelport.edge.cache.dir=${java.io.tmpdir}/edge-boots-test-${random.uuid}"})
class EdgeBootsTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        ReelportTestProperties.register(registry, Need.S3);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void reportsLivenessAndReadinessUp() throws Exception {
        new Actuator(port).assertUp("readinessState");
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        assertThat(new Actuator(port).prometheus()).contains("jvm_memory_used_bytes");
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
