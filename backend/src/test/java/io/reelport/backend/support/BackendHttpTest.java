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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BackendHttpTest {

    protected static TestServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        services = ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @LocalServerPort
    protected int port;

    protected Api api;

    @BeforeEach
    void connectApi() {
        api = new Api(port);
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
