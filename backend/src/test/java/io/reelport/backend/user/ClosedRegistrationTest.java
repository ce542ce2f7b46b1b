package io.reelport.backend.user;

import static io.reelport.backend.support.BackendHttpTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.support.Accounts;
import io.reelport.backend.support.Api;
import io.reelport.testsupport.Need;
import io.reelport.testsupport.ReelportTestProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** REGISTRATION_MODE=closed (the default): only the bootstrap admin, and users admins create. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reelport.accounts.bootstrap-admin-email=Ops@Example.org",
        "reelport.accounts.bootstrap-admin-password=first operator passphrase"})
class ClosedRegistrationTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        ReelportTestProperties.register(registry, Need.POSTGRES, Need.REDIS, Need.S3);
    }

    @LocalServerPort
    int port;

    @Test
    void strangersCannotRegisterButTheBootstrapAdminCreatesUsers() {
        Api api = new Api(port);
        Accounts accounts = new Accounts(api);

        Api.Response register = api.post("/api/auth/register",
                Map.of("email", Accounts.randomEmail(), "password", Accounts.PASSWORD)).send();
        assertProblem(register, 403, "registration_closed");

        String admin = accounts.loginOk("ops@example.org", "first operator passphrase").accessToken();
        String email = Accounts.randomEmail();
        Api.Response created = api.post("/api/admin/users", Map.of("email", email, "password", Accounts.PASSWORD,
                "role", "EDITOR")).bearer(admin).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("role")).isEqualTo("EDITOR");
        assertThat(accounts.login(email, Accounts.PASSWORD).status()).isEqualTo(200);

        assertProblem(api.post("/api/admin/users", Map.of("email", email.toUpperCase(), "password", Accounts.PASSWORD,
                "role", "VIEWER")).bearer(admin).send(), 409, "email_taken");
        assertProblem(api.post("/api/admin/users", Map.of("email", Accounts.randomEmail(), "password", "password",
                "role", "VIEWER")).bearer(admin).send(), 400, "weak_password");
    }
}
