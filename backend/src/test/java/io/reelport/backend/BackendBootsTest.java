package io.reelport.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.http.Actuator;
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

    @Test
    void reportsLivenessAndReadinessUp() throws Exception {
        new Actuator(port).assertUp("db", "redis", "storage");
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        assertThat(new Actuator(port).prometheus()).contains("jvm_memory_used_bytes");
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
