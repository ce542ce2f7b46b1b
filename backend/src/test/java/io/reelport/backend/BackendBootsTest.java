package io.reelport.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.http.TestHttp;
import java.net.URI;
import java.util.concurrent.Executor;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The backend starts against real services and says so on its health endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoint.health.show-components=always")
class BackendBootsTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @LocalServerPort
    int port;

    @Autowired
    ServletWebServerApplicationContext context;

    JsonNode get(String path) throws Exception {
        return JsonMapper.builder().build().readTree(TestHttp.getOk(URI.create("http://127.0.0.1:" + port + path)));
    }

    @Test
    void reportsLivenessAndReadinessUp() throws Exception {
        assertThat(get("/actuator/health").path("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").path("status").asString()).isEqualTo("UP");
        JsonNode readiness = get("/actuator/health/readiness");
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        for (String component : new String[] {"db", "redis", "storage"}) {
            assertThat(readiness.path("components").path(component).path("status").asString())
                    .as("readiness component " + component).isEqualTo("UP");
        }
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        assertThat(TestHttp.getOk(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))).contains("jvm_memory_used_bytes");
    }

    @Test
    void servesWithAFewRequestThreadsNotTomcatsTwoHundred() {
        // HTTP_THREADS (default 8): more runnable threads than cores only lengthen the tail (docs/benchmarks.md).
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        Executor executor = server.getTomcat().getConnector().getProtocolHandler().getExecutor();
        assertThat(executor).isInstanceOfSatisfying(ThreadPoolExecutor.class,
                pool -> assertThat(pool.getMaximumPoolSize()).isEqualTo(8));
    }
}
