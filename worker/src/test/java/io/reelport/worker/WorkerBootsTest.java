package io.reelport.worker;

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

/** The worker starts against real services and says so on its health endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoint.health.show-components=always")
class WorkerBootsTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        ReelportTestProperties.register(registry, Need.REDIS, Need.S3);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void reportsLivenessAndReadinessUp() throws Exception {
        new Actuator(port).assertUp("redis", "storage");
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        assertThat(new Actuator(port).prometheus()).contains("jvm_memory_used_bytes", "reelport_worker_jobs_total{outcome=\"succeeded\"}",
                "reelport_worker_job_duration_seconds", "reelport_worker_realtime_factor", "reelport_worker_consumer_lag",
                "reelport_worker_pending", "reelport_worker_jobs_running");
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
