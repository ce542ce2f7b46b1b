package io.reelport.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

/** Account chores over the real API: sign up, log in, get an admin, make a user with a role. */
public final class Accounts {

    public static final String PASSWORD = "a long enough test passphrase";

    private final Api api;

    public Accounts(Api api) {
        this.api = api;
    }

    public static String randomEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    public Api.Response login(String email, String password) {
        return api.post("/api/auth/login", Map.of("email", email, "password", password)).send();
    }

    public Session loginOk(String email, String password) {
        Api.Response response = login(email, password);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return new Session(response.text("accessToken"), response.text("refreshToken"), email);
    }

    public Session admin() {
        return loginOk(BackendHttpTest.ADMIN_EMAIL, BackendHttpTest.ADMIN_PASSWORD);
    }

    /** A new user with the role, created by the admin, logged in. */
    public Session user(String role) {
        String email = randomEmail();
        Api.Response created = api.post("/api/admin/users", Map.of("email", email, "password", PASSWORD, "role", role))
                .bearer(admin().accessToken()).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Session session = loginOk(email, PASSWORD);
        return new Session(session.accessToken(), session.refreshToken(), email, UUID.fromString(created.text("id")));
    }

    public record Session(String accessToken, String refreshToken, String email, UUID userId) {
        Session(String accessToken, String refreshToken, String email) {
            this(accessToken, refreshToken, email, null);
        }
    }
}
