package io.reelport.backend.auth;

import static io.reelport.backend.support.Accounts.PASSWORD;
import static io.reelport.backend.support.Accounts.randomEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.support.Accounts;
import io.reelport.backend.support.Api;
import io.reelport.backend.support.BackendHttpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Register, log in, refresh, log out and me, end to end over HTTP, with every refusal. */
class AccountFlowsTest extends BackendHttpTest {

    Api.Response register(String email, String password) {
        return api.post("/api/auth/register", Map.of("email", email, "password", password)).send();
    }

    Api.Response refresh(String refreshToken) {
        return api.post("/api/auth/refresh", Map.of("refreshToken", refreshToken)).send();
    }

    @Test
    void registerLoginMeRefreshLogout() {
        String email = randomEmail();
        Api.Response registered = register("  " + email.toUpperCase() + " ", PASSWORD);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.text("email")).as("normalised").isEqualTo(email);
        assertThat(registered.text("role")).isEqualTo("VIEWER");

        Api.Response login = accounts.login(email.toUpperCase(), PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.text("tokenType")).isEqualTo("Bearer");
        assertThat(login.json().path("expiresIn").asLong()).isEqualTo(Duration.ofMinutes(15).toSeconds());
        String refreshToken = login.text("refreshToken");
        assertThat(refreshToken).hasSizeGreaterThanOrEqualTo(43);

        Api.Response me = api.get("/api/auth/me").bearer(login.text("accessToken")).send();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("email")).isEqualTo(email);
        assertThat(me.text("id")).isEqualTo(registered.text("id"));

        Api.Response refreshed = refresh(refreshToken);
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.text("refreshToken")).isNotEqualTo(refreshToken);
        assertThat(api.get("/api/auth/me").bearer(refreshed.text("accessToken")).send().status()).isEqualTo(200);

        Api.Response logout = api.post("/api/auth/logout", Map.of("refreshToken", refreshed.text("refreshToken"))).send();
        assertThat(logout.status()).isEqualTo(204);
        assertProblem(refresh(refreshed.text("refreshToken")), 401, "invalid_refresh_token");
        assertThat(api.post("/api/auth/logout", Map.of("refreshToken", "whatever")).send().status())
                .as("logout is idempotent and silent").isEqualTo(204);
    }

    @Test
    void wrongPasswordAndUnknownEmailLookTheSame() {
        String email = randomEmail();
        register(email, PASSWORD);

        Api.Response wrongPassword = accounts.login(email, "not the password at all");
        Api.Response unknownEmail = accounts.login(randomEmail(), "not the password at all");

        assertProblem(wrongPassword, 401, "invalid_credentials");
        assertProblem(unknownEmail, 401, "invalid_credentials");
        assertThat(without(wrongPassword, "instance")).isEqualTo(without(unknownEmail, "instance"));
        assertThat(wrongPassword.header("WWW-Authenticate")).isEqualTo(unknownEmail.header("WWW-Authenticate"));
    }

    @Test
    void unknownEmailTakesAboutAsLongAsAWrongPassword() {
        String email = randomEmail();
        register(email, PASSWORD);
        // Warm both paths, then compare medians: an unknown email still pays for one Argon2 check
        // (without it, it would answer in a few percent of the time). Loose bounds: CI machines are shared.
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int round = 0; round < 7; round++) {
            known.add(timed(() -> accounts.login(email, "wrong password number " + 1)));
            unknown.add(timed(() -> accounts.login(randomEmail(), "wrong password number " + 1)));
        }
        long knownMedian = known.stream().sorted().toList().get(3);
        long unknownMedian = unknown.stream().sorted().toList().get(3);
        assertThat((double) unknownMedian).as("unknown %d us vs known %d us", unknownMedian, knownMedian)
                .isBetween(knownMedian / 3.0, knownMedian * 3.0);
    }

    static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1000;
    }

    static Map<String, Object> without(Api.Response response, String field) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new java.util.HashMap<>(tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(response.body(), Map.class));
        body.remove(field);
        return body;
    }

    @Test
    void weakPasswordsAreRefusedWithAReason() {
        for (String weak : new String[] {"short", "password123456", "Qwertyuiop!!", "aaaaaaaaaaaaaaaa", "123456789012345",
                "ababababababab"}) {
            Api.Response response = register(randomEmail(), weak);
            assertProblem(response, 400, "weak_password");
            assertThat(response.text("field")).isEqualTo("password");
        }
        String email = randomEmail();
        assertProblem(register(email, "my address " + email), 400, "weak_password");
    }

    @Test
    void duplicateEmailInAnotherCaseIsAConflict() {
        String email = randomEmail();
        assertThat(register(email, PASSWORD).status()).isEqualTo(201);

        Api.Response again = register(email.toUpperCase(), PASSWORD);

        assertProblem(again, 409, "email_taken");
        assertThat(again.text("field")).isEqualTo("email");
    }

    @Test
    void malformedEmailAndMissingFieldsAre400() {
        assertProblem(register("not-an-email", PASSWORD), 400, "invalid_email");
        Api.Response missing = api.post("/api/auth/register", Map.of("email", randomEmail())).send();
        assertProblem(missing, 400, "validation_failed");
        assertThat(missing.json().path("errors").get(0).path("field").asString()).isEqualTo("password");
    }

    @Test
    void aReusedRefreshTokenRevokesTheWholeFamily() {
        String email = randomEmail();
        register(email, PASSWORD);
        Accounts.Session session = accounts.loginOk(email, PASSWORD);
        Api.Response first = refresh(session.refreshToken());
        assertThat(first.status()).isEqualTo(200);

        // The old token again: as if it had been stolen and used by someone else.
        assertProblem(refresh(session.refreshToken()), 401, "invalid_refresh_token");

        assertProblem(refresh(first.text("refreshToken")), 401, "invalid_refresh_token");
        Api.Response audit = api.get("/api/admin/audit?action=auth.refresh_reuse&outcome=DENIED")
                .bearer(accounts.admin().accessToken()).send();
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().path("items").valueStream().map(item -> item.path("actorUserId").asString()))
                .contains(api.get("/api/auth/me").bearer(first.text("accessToken")).send().text("id"));
        // Another login is a new family and works.
        assertThat(refresh(accounts.loginOk(email, PASSWORD).refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void anUnknownRefreshTokenIsRefused() {
        assertProblem(refresh("bm90IGEgcmVmcmVzaCB0b2tlbiB0aGF0IGV4aXN0cyBhdCBhbGw"), 401, "invalid_refresh_token");
    }

    @Test
    void aDisabledUserCannotLogInRefreshOrUseTheirAccessToken() {
        Accounts.Session user = accounts.user("EDITOR");
        String admin = accounts.admin().accessToken();

        Api.Response disabled = api.patch("/api/admin/users/" + user.userId(), Map.of("enabled", false)).bearer(admin).send();
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

        assertProblem(api.get("/api/auth/me").bearer(user.accessToken()).send(), 401, "invalid_token");
        assertProblem(refresh(user.refreshToken()), 401, "invalid_refresh_token");
        assertProblem(accounts.login(user.email(), PASSWORD), 403, "account_disabled");
        assertProblem(accounts.login(user.email(), "and a wrong password"), 401, "invalid_credentials");

        api.patch("/api/admin/users/" + user.userId(), Map.of("enabled", true)).bearer(admin).send();
        assertProblem(refresh(user.refreshToken()), 401, "invalid_refresh_token");
        assertThat(accounts.login(user.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aRoleChangeCutsOffOldAccessTokensButTheSessionRefreshesIntoTheNewRole() {
        Accounts.Session user = accounts.user("VIEWER");
        api.patch("/api/admin/users/" + user.userId(), Map.of("role", "EDITOR")).bearer(accounts.admin().accessToken())
                .send();

        assertProblem(api.get("/api/auth/me").bearer(user.accessToken()).send(), 401, "invalid_token");
        Api.Response refreshed = refresh(user.refreshToken());
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(api.get("/api/auth/me").bearer(refreshed.text("accessToken")).send().text("role")).isEqualTo("EDITOR");
    }

    @Test
    void loginsAreAuditedWithClientAddressAndUserAgent() {
        String email = randomEmail();
        register(email, PASSWORD);
        api.post("/api/auth/login", Map.of("email", email, "password", "wrong wrong wrong"))
                .header("do-connecting-ip", "203.0.113.77").header("User-Agent", "audit-test/1.0").send();
        api.post("/api/auth/login", Map.of("email", email, "password", PASSWORD))
                .header("do-connecting-ip", "203.0.113.77").send();

        Api.Response audit = api.get("/api/admin/audit?action=auth.login").bearer(accounts.admin().accessToken()).send();
        List<tools.jackson.databind.JsonNode> mine = audit.json().path("items").valueStream()
                .filter(item -> email.equals(item.path("actorLabel").asString()) || item.path("actorLabel").isNull()
                        && false).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("outcome").asString()).isEqualTo("FAILURE");
        assertThat(mine.get(0).path("clientIp").asString()).isEqualTo("203.0.113.77");
        assertThat(mine.get(0).path("userAgent").asString()).isEqualTo("audit-test/1.0");
    }
}
