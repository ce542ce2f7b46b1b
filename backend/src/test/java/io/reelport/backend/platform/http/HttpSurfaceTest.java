package io.reelport.backend.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.support.Api;
import io.reelport.backend.support.BackendHttpTest;
import org.junit.jupiter.api.Test;

/** What a browser and the proxy in front see: CORS, security headers, the API documentation. */
class HttpSurfaceTest extends BackendHttpTest {

    Api.Response preflight(String origin, String method) {
        return api.method("OPTIONS", "/api/auth/me").header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization").send();
    }

    @Test
    void preflightFromAnAllowedOriginIsAnswered() {
        Api.Response response = preflight(ALLOWED_ORIGIN, "GET");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
        assertThat(response.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        for (String origin : new String[] {"https://evil.example", "https://app.example.test.evil.example",
                "http://app.example.test", "null"}) {
            Api.Response response = preflight(origin, "GET");
            assertThat(response.status()).as(origin).isEqualTo(403);
            assertThat(response.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void actualCrossOriginRequestsCarryTheHeaderOnlyForTheAllowedOrigin() {
        String token = accounts.user("VIEWER").accessToken();
        Api.Response allowed = api.get("/api/auth/me").bearer(token).header("Origin", ALLOWED_ORIGIN).send();
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);

        Api.Response refused = api.get("/api/auth/me").bearer(token).header("Origin", "https://evil.example").send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void securityHeadersOnEveryResponse() {
        for (Api.Response response : new Api.Response[] {api.get("/api/auth/me").send(),
                api.get("/actuator/health").send()}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void hstsWhenTheTrustedProxySaysHttps() {
        assertThat(api.get("/api/auth/me").send().header("Strict-Transport-Security")).isNull();
        Api.Response viaProxy = api.get("/api/auth/me").header("x-forwarded-proto", "https").send();
        assertThat(viaProxy.header("Strict-Transport-Security")).startsWith("max-age=31536000").contains("includeSubDomains");
    }

    @Test
    void openApiDocumentIsPublicAndDescribesTheAuthApi() {
        Api.Response docs = api.get("/v3/api-docs").send();

        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        assertThat(docs.json().path("paths").propertyNames()).contains("/api/auth/login", "/api/auth/register",
                "/api/auth/refresh", "/api/auth/logout", "/api/auth/me", "/api/api-keys", "/api/admin/users",
                "/api/admin/audit");
        assertThat(docs.json().path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
    }

    @Test
    void swaggerUiPageIsPublic() {
        Api.Response entry = api.get("/api/docs").send();
        assertThat(entry.status()).as(entry.toString()).isIn(200, 302);
        String page = entry.status() == 302 ? java.net.URI.create(entry.header("Location")).getPath() : "/api/docs";

        Api.Response ui = api.get(page).send();
        assertThat(ui.status()).as(page + " " + ui).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
        Api.Response config = api.get("/v3/api-docs/swagger-config").send();
        assertThat(config.status()).isEqualTo(200);
    }
}
