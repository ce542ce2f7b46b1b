package io.reelport.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import io.reelport.testsupport.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The backend on a random port against real PostgreSQL, Redis and S3. Test classes that extend it
 * and add no configuration of their own share one application context (and so one database and
 * Redis namespace): they must not depend on being alone in it, so they create their own users
 * with random email addresses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelport.accounts.registration-mode=open",
        "reelport.accounts.bootstrap-admin-email=" + BackendHttpTest.ADMIN_EMAIL,
        "reelport.accounts.bootstrap-admin-password=" + BackendHttpTest.ADMIN_PASSWORD,
        "reelport.http.trusted-proxy-header=do-connecting-ip",
        "reelport.http.cors-allowed-origins=" + BackendHttpTest.ALLOWED_ORIGIN,
        "reelport.http.max-request-body=64KB",
        // Every test here logs in from 127.0.0.1; the throttle has its own tests and contexts.
        "reelport.rate-limit.login-ip-failures=100000",
        "reelport.rate-limit.api-permits=100000"})
public abstract class BackendHttpTest {

    public static final String ADMIN_EMAIL = "admin@reelport.test";
    public static final String ALLOWED_ORIGIN = "https://app.example.test";
    public static final String ADMIN_PASSWORD = "bootstrap operator passphrase 4 tests";

    protected static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        services = ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @LocalServerPort
    protected int port;

    protected Api api;
    protected Accounts accounts;

    @BeforeEach
    void connectApi() {
        api = new Api(port);
        accounts = new Accounts(api);
    }

    /** Asserts the RFC 9457 shape every error has, and that nothing internal leaks. */
    public static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.text("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.text("type")).isEqualTo("urn:reelport:problem:" + code);
        assertThat(response.text("title")).isNotBlank();
        assertThat(response.text("detail")).isNotBlank();
        assertThat(response.text("instance")).startsWith("/");
        assertThat(response.body()).doesNotContain("Exception", "at io.", "org.springframework", "SQL", "select ",
                "hibernate", "jackson");
    }
}
