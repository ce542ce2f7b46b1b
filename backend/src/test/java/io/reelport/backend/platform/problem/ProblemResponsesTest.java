package io.reelport.backend.platform.problem;

import io.reelport.testsupport.http.TestHttp;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.backend.support.Api;
import io.reelport.backend.support.BackendHttpTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One problem shape for every class of error, with a useful message and nothing internal. */
class ProblemResponsesTest extends BackendHttpTest {

    String admin;
    String someUser;

    @BeforeEach
    void admin() {
        admin = accounts.admin().accessToken();
        someUser = "/api/admin/users/" + accounts.user("VIEWER").userId();
    }

    @Test
    void malformedJson() {
        Api.Response response = api.post("/api/auth/login", "{\"email\": \"a@b.c\", \"password\": ").send();
        assertProblem(response, 400, "malformed_json");
        assertThat(response.text("detail")).isEqualTo("The request body is not valid JSON.");
    }

    @Test
    void missingBody() {
        assertProblem(api.post("/api/auth/login", "").send(), 400, "unreadable_body");
    }

    @Test
    void wrongTypeOfAField() {
        Api.Response response = api.patch(someUser, Map.of("enabled", Map.of("nested", 1))).bearer(admin).send();
        assertProblem(response, 400, "invalid_value");
        assertThat(response.text("field")).isEqualTo("enabled");
        assertThat(response.text("detail")).contains("'enabled'", "true or false");
    }

    @Test
    void unknownEnumValue() {
        Api.Response response = api.patch(someUser, Map.of("role", "KING")).bearer(admin).send();
        assertProblem(response, 400, "invalid_enum_value");
        assertThat(response.text("field")).isEqualTo("role");
        assertThat(response.text("detail")).isEqualTo("'role' must be one of: VIEWER, EDITOR, ADMIN.");
    }

    @Test
    void wrongTypeInPathAndQuery() {
        Api.Response path = api.get("/api/admin/users/not-a-uuid").bearer(admin).send();
        assertProblem(path, 400, "invalid_parameter");
        assertThat(path.text("detail")).contains("'id'", "UUID");

        Api.Response query = api.get("/api/admin/users?role=KING").bearer(admin).send();
        assertProblem(query, 400, "invalid_parameter");
        assertThat(query.text("detail")).contains("VIEWER, EDITOR, ADMIN");
    }

    @Test
    void validationOfBodyAndParameters() {
        Api.Response body = api.post("/api/auth/login", Map.of("email", "", "password", "x")).send();
        assertProblem(body, 400, "validation_failed");
        assertThat(body.json().path("errors").get(0).path("field").asString()).isEqualTo("email");

        Api.Response parameter = api.get("/api/admin/users?limit=0").bearer(admin).send();
        assertProblem(parameter, 400, "validation_failed");
        assertThat(parameter.text("detail")).contains("limit");
    }

    @Test
    void unsupportedMediaType() {
        Api.Response response = api.post("/api/auth/login", null).header("Content-Type", "text/plain").send();
        assertProblem(response, 415, "unsupported_media_type");
    }

    @Test
    void bodyTooLargeByContentLength() {
        String big = "{\"email\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}";
        Api.Response response = api.post("/api/auth/login", big).send();
        assertProblem(response, 413, "payload_too_large");
    }

    @Test
    void bodyTooLargeWhenChunked() throws Exception {
        byte[] big = ("{\"email\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}").getBytes();
        // An InputStream publisher has no known length, so the client sends it chunked.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> response = TestHttp.client().send(request, HttpResponse.BodyHandlers.ofString());
        assertProblem(new Api.Response(response), 413, "payload_too_large");
    }

    @Test
    void notFoundAndMethodNotAllowed() {
        assertProblem(api.get("/api/nothing/here").bearer(admin).send(), 404, "not_found");
        Api.Response method = api.method("DELETE", "/api/auth/login").send();
        assertProblem(method, 405, "method_not_allowed");
        assertThat(method.text("detail")).contains("POST");
    }

    @Test
    void unauthenticatedAndForbidden() {
        assertProblem(api.get("/api/auth/me").send(), 401, "unauthenticated");
        assertProblem(api.get("/api/admin/users").bearer(accounts.user("EDITOR").accessToken()).send(), 403, "forbidden");
    }
}
