package io.reelport.backend.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.support.Accounts;
import io.reelport.backend.support.Api;
import io.reelport.backend.support.BackendHttpTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Account administration and the audit trail's API, and who may not use them. */
class AdminUsersTest extends BackendHttpTest {

    @Test
    void theBootstrapAdminExistsAndIsAudited() {
        Api.Response me = api.get("/api/auth/me").bearer(accounts.admin().accessToken()).send();
        assertThat(me.text("role")).isEqualTo("ADMIN");
        Api.Response audit = api.get("/api/admin/audit?action=user.bootstrap_admin").bearer(accounts.admin().accessToken())
                .send();
        assertThat(audit.json().path("items").size()).isEqualTo(1);
        assertThat(audit.json().path("items").get(0).path("actorLabel").asString()).isEqualTo("system");
    }

    @Test
    void listsUsersPageByPageInEmailOrder() {
        String admin = accounts.admin().accessToken();
        for (int i = 0; i < 3; i++) {
            accounts.user("VIEWER");
        }
        List<String> emails = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/api/admin/users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .bearer(admin).send();
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("items").valueStream().forEach(item -> emails.add(item.path("email").asString()));
            cursor = page.json().path("nextCursor").isNull() ? null : page.text("nextCursor");
            pages++;
        } while (cursor != null && pages < 1000);
        assertThat(emails).hasSizeGreaterThanOrEqualTo(4).isSorted().doesNotHaveDuplicates().contains(ADMIN_EMAIL);

        Api.Response admins = api.get("/api/admin/users?role=ADMIN").bearer(admin).send();
        assertThat(admins.json().path("items").valueStream().map(item -> item.path("role").asString())).containsOnly("ADMIN");
    }

    @Test
    void changesARoleAndAuditsIt() {
        Accounts.Session viewer = accounts.user("VIEWER");
        String admin = accounts.admin().accessToken();

        Api.Response changed = api.patch("/api/admin/users/" + viewer.userId(), Map.of("role", "EDITOR")).bearer(admin).send();

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.text("role")).isEqualTo("EDITOR");
        JsonNode event = api.get("/api/admin/audit?action=user.role_change&targetId=" + viewer.userId()).bearer(admin)
                .send().json().path("items").get(0);
        assertThat(event.path("detail").asString()).isEqualTo("VIEWER -> EDITOR");
        assertThat(event.path("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(event.path("actorUserId").asString()).isNotBlank();
    }

    @Test
    void anAdminCannotDemoteOrDisableThemself() {
        String admin = accounts.admin().accessToken();
        String id = api.get("/api/auth/me").bearer(admin).send().text("id");

        assertProblem(api.patch("/api/admin/users/" + id, Map.of("role", "VIEWER")).bearer(admin).send(), 409,
                "cannot_change_own_account");
        assertProblem(api.patch("/api/admin/users/" + id, Map.of("enabled", false)).bearer(admin).send(), 409,
                "cannot_change_own_account");
    }

    @Test
    void editorsAndViewersAreForbiddenOnAdminEndpoints() {
        for (String role : new String[] {"EDITOR", "VIEWER"}) {
            Accounts.Session user = accounts.user(role);
            assertProblem(api.get("/api/admin/users").bearer(user.accessToken()).send(), 403, "forbidden");
            assertProblem(api.get("/api/admin/audit").bearer(user.accessToken()).send(), 403, "forbidden");
            assertProblem(api.patch("/api/admin/users/" + user.userId(), Map.of("role", "ADMIN"))
                    .bearer(user.accessToken()).send(), 403, "forbidden");
        }
        assertProblem(api.get("/api/admin/users").send(), 401, "unauthenticated");
    }

    @Test
    void unknownUsersAre404() {
        assertProblem(api.get("/api/admin/users/00000000-0000-0000-0000-000000000000")
                .bearer(accounts.admin().accessToken()).send(), 404, "user_not_found");
    }

    @Test
    void theAuditTrailFiltersAndPages() {
        String admin = accounts.admin().accessToken();
        String email = Accounts.randomEmail();
        for (int i = 0; i < 3; i++) {
            accounts.login(email, "wrong password " + i);
        }
        Api.Response first = api.get("/api/admin/audit?action=auth.login&outcome=FAILURE&limit=2").bearer(admin).send();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("items").size()).isEqualTo(2);
        assertThat(first.text("nextCursor")).isNotBlank();
        Api.Response second = api.get("/api/admin/audit?action=auth.login&outcome=FAILURE&limit=2&cursor="
                + first.text("nextCursor")).bearer(admin).send();
        long firstLast = first.json().path("items").get(1).path("id").asLong();
        assertThat(second.json().path("items").get(0).path("id").asLong()).isLessThan(firstLast);

        assertProblem(api.get("/api/admin/audit?cursor=!!!").bearer(admin).send(), 400, "invalid_cursor");
        assertProblem(api.get("/api/admin/audit?outcome=MAYBE").bearer(admin).send(), 400, "invalid_parameter");
        assertProblem(api.get("/api/admin/audit?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z").bearer(admin).send(),
                400, "invalid_time_range");
        Api.Response future = api.get("/api/admin/audit?from=2999-01-01T00:00:00Z").bearer(admin).send();
        assertThat(future.json().path("items").size()).isZero();
        assertThat(future.json().path("nextCursor").isNull()).isTrue();
    }
}
