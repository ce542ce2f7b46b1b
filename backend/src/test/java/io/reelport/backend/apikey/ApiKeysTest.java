package io.reelport.backend.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.support.Accounts;
import io.reelport.backend.support.Api;
import io.reelport.backend.support.BackendHttpTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys over HTTP: created once, usable as a bearer, limited by role, revocable. */
class ApiKeysTest extends BackendHttpTest {

    Api.Response create(String accessToken, Map<String, Object> body) {
        return api.post("/api/api-keys", body).bearer(accessToken).send();
    }

    @Test
    void anEditorCreatesUsesListsAndRevokesAKey() {
        Accounts.Session editor = accounts.user("EDITOR");
        Api.Response created = create(editor.accessToken(), Map.of("name", "ci uploader", "role", "VIEWER"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.text("key");
        assertThat(key).startsWith("rp_").hasSize(46);
        assertThat(created.text("prefix")).isEqualTo(key.substring(0, 10));

        Api.Response me = api.get("/api/auth/me").bearer(key).send();
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(editor.userId().toString());
        assertThat(me.text("role")).as("the key's role").isEqualTo("VIEWER");
        assertThat(me.text("userRole")).isEqualTo("EDITOR");
        assertThat(me.text("apiKeyId")).isEqualTo(created.text("id"));

        Api.Response list = api.get("/api/api-keys").bearer(editor.accessToken()).send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get(0).path("name").asString()).isEqualTo("ci uploader");
        assertThat(list.json().get(0).path("lastUsedAt").isNull()).as("use was recorded").isFalse();
        assertThat(list.body()).doesNotContain(key);

        assertThat(api.delete("/api/api-keys/" + created.text("id")).bearer(editor.accessToken()).send().status())
                .isEqualTo(204);
        assertProblem(api.get("/api/auth/me").bearer(key).send(), 401, "invalid_token");

        Api.Response audit = api.get("/api/admin/audit?targetType=api_key&targetId=" + created.text("id"))
                .bearer(accounts.admin().accessToken()).send();
        assertThat(audit.json().path("items").valueStream().map(item -> item.path("action").asString()))
                .containsExactly("api_key.revoke", "api_key.create");
    }

    @Test
    void aKeyCannotOutrankItsCreator() {
        Accounts.Session editor = accounts.user("EDITOR");
        Api.Response response = create(editor.accessToken(), Map.of("name", "too much", "role", "ADMIN"));
        assertProblem(response, 403, "role_too_high");
    }

    @Test
    void viewersCannotCreateKeys() {
        assertProblem(create(accounts.user("VIEWER").accessToken(), Map.of("name", "nope")), 403, "forbidden");
    }

    @Test
    void aKeyCannotCreateKeys() {
        Accounts.Session editor = accounts.user("EDITOR");
        String key = create(editor.accessToken(), Map.of("name", "first")).text("key");
        assertProblem(create(key, Map.of("name", "second")), 403, "api_key_cannot_manage_keys");
    }

    @Test
    void anotherUsersKeyCannotBeRevokedAndLooksAbsent() {
        Accounts.Session owner = accounts.user("EDITOR");
        Api.Response created = create(owner.accessToken(), Map.of("name", "mine"));
        Accounts.Session other = accounts.user("EDITOR");

        assertProblem(api.delete("/api/api-keys/" + created.text("id")).bearer(other.accessToken()).send(), 404,
                "api_key_not_found");
        assertThat(api.get("/api/auth/me").bearer(created.text("key")).send().status()).isEqualTo(200);
        assertThat(api.get("/api/api-keys").bearer(other.accessToken()).send().json().size()).isZero();
    }

    @Test
    void expiredAndUnknownKeysAreRefused() {
        Accounts.Session editor = accounts.user("EDITOR");
        Map<String, Object> past = new HashMap<>(Map.of("name", "old", "expiresAt", "2020-01-01T00:00:00Z"));
        assertProblem(create(editor.accessToken(), past), 400, "invalid_expiry");

        Api.Response soon = create(editor.accessToken(),
                Map.of("name", "short-lived", "expiresAt", Instant.now().plusSeconds(2).toString()));
        assertThat(soon.status()).isEqualTo(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> api.get("/api/auth/me").bearer(soon.text("key")).send().status() == 401);

        assertProblem(api.get("/api/auth/me").bearer("rp_" + "A".repeat(43)).send(), 401, "invalid_token");
        assertProblem(api.get("/api/auth/me").bearer("rp_short").send(), 401, "invalid_token");
    }

    @Test
    void demotingOrDisablingTheOwnerLimitsTheirKeys() {
        Accounts.Session editor = accounts.user("EDITOR");
        String key = create(editor.accessToken(), Map.of("name", "editor key")).text("key");
        String admin = accounts.admin().accessToken();

        api.patch("/api/admin/users/" + editor.userId(), Map.of("role", "VIEWER")).bearer(admin).send();
        assertThat(api.get("/api/auth/me").bearer(key).send().text("role")).isEqualTo("VIEWER");

        api.patch("/api/admin/users/" + editor.userId(), Map.of("enabled", false)).bearer(admin).send();
        assertProblem(api.get("/api/auth/me").bearer(key).send(), 401, "invalid_token");
    }
}
