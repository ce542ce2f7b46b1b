package io.reelport.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.support.Api;
import io.reelport.backend.support.BackendHttpTest;
import io.reelport.backend.user.EmailAddress;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import io.reelport.common.jwt.AccessTokens;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The security chain over real HTTP: who gets in with which credential, and the problems for who does not. */
class BearerAuthenticationTest extends BackendHttpTest {

    @Autowired
    UserAccounts users;

    @Autowired
    AccessTokens accessTokens;

    UserAccount viewer;

    @BeforeEach
    void setUp() {
        viewer = users.save(new UserAccount(UUID.randomUUID(), EmailAddress.parse(UUID.randomUUID() + "@example.com"),
                "not-a-hash", Role.VIEWER, Instant.now()));
    }

    String tokenFor(UserAccount user) {
        return accessTokens.issue(user.id().toString(), user.role().name(), user.tokenVersion()).token();
    }

    @Test
    void aValidAccessTokenMakesTheCallerTheUser() {
        Api.Response me = api.get("/api/auth/me").bearer(tokenFor(viewer)).send();

        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(viewer.id().toString());
        assertThat(me.text("email")).isEqualTo(viewer.email());
        assertThat(me.text("role")).isEqualTo("VIEWER");
    }

    @Test
    void noCredentialIsA401ProblemWithABearerChallenge() {
        Api.Response response = api.get("/api/auth/me").send();

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void aGarbageTokenIsRefusedAsInvalid() {
        Api.Response response = api.get("/api/auth/me").bearer("not.a.jwt").send();

        assertProblem(response, 401, "invalid_token");
        assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void anotherAuthorizationSchemeIsRefused() {
        assertProblem(api.get("/api/auth/me").header("Authorization", "Basic dXNlcjpwYXNz").send(), 401,
                "invalid_token");
    }

    @Test
    void aTokenWithAStaleVersionIsRefused() {
        String token = tokenFor(viewer);
        viewer.changeRole(Role.EDITOR, Instant.now());
        users.save(viewer);

        assertProblem(api.get("/api/auth/me").bearer(token).send(), 401, "invalid_token");
        assertThat(api.get("/api/auth/me").bearer(tokenFor(viewer)).send().text("role")).isEqualTo("EDITOR");
    }

    @Test
    void aDisabledUsersTokenIsRefused() {
        String token = tokenFor(viewer);
        viewer.disable(Instant.now());
        users.save(viewer);

        assertProblem(api.get("/api/auth/me").bearer(token).send(), 401, "invalid_token");
    }

    @Test
    void aViewerIsForbiddenOnAdminEndpoints() {
        assertProblem(api.get("/api/admin/users").bearer(tokenFor(viewer)).send(), 403, "forbidden");
    }

    @Test
    void unknownPathsAndMethodsAreProblemsToo() {
        String token = tokenFor(viewer);
        assertProblem(api.get("/api/no-such-thing").bearer(token).send(), 404, "not_found");
        assertProblem(api.method("PUT", "/api/auth/me").bearer(token).send(), 405, "method_not_allowed");
    }

    @Test
    void securityHeadersAreSet() {
        Api.Response response = api.get("/api/auth/me").bearer(tokenFor(viewer)).send();

        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Strict-Transport-Security")).as("plain HTTP, no trusted proxy").isNull();
    }
}
