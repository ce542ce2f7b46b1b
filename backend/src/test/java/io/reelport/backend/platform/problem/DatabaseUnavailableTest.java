package io.reelport.backend.platform.problem;

import static io.reelport.backend.support.BackendHttpTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.support.Accounts;
import io.reelport.backend.support.Api;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.net.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL behind a relay the test cuts: requests that need the database get a 503 problem
 * (no SQL, no stack trace) within seconds, and the backend recovers by itself once it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelport.accounts.registration-mode=open",
        "spring.datasource.hikari.connection-timeout=1500",
        "spring.datasource.hikari.validation-timeout=1000"})
class DatabaseUnavailableTest {

    static TcpProxy proxy;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        ReelportTestProperties.register((name, value) -> {
            if (!name.equals("spring.datasource.url")) {
                registry.add(name, value);
                return;
            }
            registry.add(name, () -> {
                String direct = String.valueOf(value.get());
                URI uri = URI.create(direct.substring("jdbc:".length()));
                if (proxy == null) {
                    proxy = TcpProxy.to(uri.getHost(), uri.getPort());
                }
                return direct.replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + proxy.port());
            });
        }, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @AfterAll
    static void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void answers503WhileTheDatabaseIsUnreachableAndRecovers() {
        Api api = new Api(port);
        Accounts accounts = new Accounts(api);
        String email = Accounts.randomEmail();
        assertThat(api.post("/api/auth/register", Map.of("email", email, "password", Accounts.PASSWORD)).send().status())
                .isEqualTo(201);
        String token = accounts.loginOk(email, Accounts.PASSWORD).accessToken();

        proxy.cut();
        try {
            long start = System.nanoTime();
            Api.Response me = api.get("/api/auth/me").bearer(token).send();
            assertProblem(me, 503, "service_unavailable");
            assertThat(me.header("Retry-After")).isEqualTo("5");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertProblem(accounts.login(email, Accounts.PASSWORD), 503, "service_unavailable");
            assertProblem(api.post("/api/auth/register", Map.of("email", Accounts.randomEmail(),
                    "password", Accounts.PASSWORD)).send(), 503, "service_unavailable");
        } finally {
            proxy.restore();
        }

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/auth/me").bearer(token).send().status() == 200);
        assertThat(accounts.login(email, Accounts.PASSWORD).status()).isEqualTo(200);
    }
}
