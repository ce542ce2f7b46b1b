package io.reelport.backend.auth;

import static io.reelport.backend.support.BackendHttpTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.BackendApplication;
import io.reelport.backend.support.Accounts;
import io.reelport.backend.support.Api;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Login throttling and the general rate limit held in Redis, across two backend instances: this
 * test's application context and a second one started with the same database and Redis namespace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelport.accounts.registration-mode=open",
        "reelport.http.trusted-proxy-header=do-connecting-ip",
        "reelport.rate-limit.login-account-failures=3",
        "reelport.rate-limit.login-ip-failures=5",
        "reelport.rate-limit.login-window=3s",
        "reelport.rate-limit.api-permits=8",
        "reelport.rate-limit.api-window=3s"})
class LoginThrottleTest {

    /** The second instance's settings: the same as this context's, above. */
    static final String[] SETTINGS = {
        "reelport.accounts.registration-mode=open",
        "reelport.http.trusted-proxy-header=do-connecting-ip",
        "reelport.rate-limit.login-account-failures=3",
        "reelport.rate-limit.login-ip-failures=5",
        "reelport.rate-limit.login-window=3s",
        "reelport.rate-limit.api-permits=8",
        "reelport.rate-limit.api-window=3s"};

    static final Map<String, Supplier<Object>> shared = new LinkedHashMap<>();
    static ConfigurableApplicationContext second;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        ReelportTestProperties.register((name, value) -> {
            shared.put(name, value);
            registry.add(name, value);
        }, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @LocalServerPort
    int port;

    Api first;
    Api other;

    @BeforeEach
    void instances() {
        if (second == null) {
            // Command-line arguments: they outrank application.yml, as the test context's properties do.
            java.util.List<String> arguments = new java.util.ArrayList<>();
            shared.forEach((name, value) -> {
                Object resolved = value.get();
                if (resolved != null) {
                    arguments.add("--" + name + "=" + resolved);
                }
            });
            for (String setting : SETTINGS) {
                arguments.add("--" + setting);
            }
            arguments.add("--server.port=0");
            arguments.add("--spring.flyway.enabled=false");
            second = new SpringApplicationBuilder(BackendApplication.class).run(arguments.toArray(String[]::new));
        }
        first = new Api(port);
        other = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    static String randomIp() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    static Api.Response login(Api api, String ip, String email, String password) {
        return api.post("/api/auth/login", Map.of("email", email, "password", password)).header("do-connecting-ip", ip)
                .send();
    }

    String registered() {
        String email = Accounts.randomEmail();
        Api.Response response = first.post("/api/auth/register", Map.of("email", email, "password", Accounts.PASSWORD))
                .header("do-connecting-ip", randomIp()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return email;
    }

    @Test
    void failuresOnBothInstancesAddUpPerAccountThenRecover() {
        String email = registered();
        assertProblem(login(first, randomIp(), email, "wrong one"), 401, "invalid_credentials");
        assertProblem(login(other, randomIp(), email, "wrong two"), 401, "invalid_credentials");
        assertProblem(login(first, randomIp(), email, "wrong three"), 401, "invalid_credentials");

        Api.Response throttled = login(other, randomIp(), email, Accounts.PASSWORD);
        assertProblem(throttled, 429, "rate_limited");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 3L);
        assertProblem(login(first, randomIp(), email.toUpperCase(), Accounts.PASSWORD), 429, "rate_limited");

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> login(first, randomIp(), email, Accounts.PASSWORD).status() == 200);
    }

    @Test
    void unknownEmailsAreThrottledExactlyLikeKnownOnes() {
        String known = registered();
        String unknown = Accounts.randomEmail();
        for (int attempt = 0; attempt < 3; attempt++) {
            Api.Response a = login(first, randomIp(), known, "wrong");
            Api.Response b = login(other, randomIp(), unknown, "wrong");
            assertThat(a.status()).isEqualTo(b.status()).isEqualTo(401);
        }
        Api.Response knownThrottled = login(first, randomIp(), known, "wrong");
        Api.Response unknownThrottled = login(first, randomIp(), unknown, "wrong");
        assertProblem(knownThrottled, 429, "rate_limited");
        assertProblem(unknownThrottled, 429, "rate_limited");
        assertThat(knownThrottled.text("detail")).isEqualTo(unknownThrottled.text("detail"));
    }

    @Test
    void oneClientIpIsThrottledAcrossAccountsAndInstances() {
        String ip = randomIp();
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(login(attempt % 2 == 0 ? first : other, ip, Accounts.randomEmail(), "guess").status()).isEqualTo(401);
        }
        String email = registered();
        assertProblem(login(other, ip, email, Accounts.PASSWORD), 429, "rate_limited");
        assertThat(login(first, randomIp(), email, Accounts.PASSWORD).status()).as("another IP").isEqualTo(200);
    }

    @Test
    void theGeneralRateLimitHoldsAcrossInstancesThenRecovers() {
        String ip = randomIp();
        int answered = 0;
        for (int request = 0; request < 8; request++) {
            answered += (request % 2 == 0 ? first : other).get("/api/auth/me").header("do-connecting-ip", ip).send().status()
                    == 401 ? 1 : 0;
        }
        assertThat(answered).isEqualTo(8);
        Api.Response limited = first.get("/api/auth/me").header("do-connecting-ip", ip).send();
        assertProblem(limited, 429, "rate_limited");
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(other.get("/api/auth/me").header("do-connecting-ip", randomIp()).send().status()).isEqualTo(401);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> first.get("/api/auth/me").header("do-connecting-ip", ip).send().status() == 401);
    }
}
