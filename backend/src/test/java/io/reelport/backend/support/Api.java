package io.reelport.backend.support;

import io.reelport.testsupport.http.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to the backend on its random port. */
public final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http = TestHttp.client();

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Request get(String path) {
        return new Request("GET", path, null);
    }

    public Request post(String path, Object body) {
        return new Request("POST", path, body);
    }

    public Request patch(String path, Object body) {
        return new Request("PATCH", path, body);
    }

    public Request delete(String path) {
        return new Request("DELETE", path, null);
    }

    public Request method(String method, String path) {
        return new Request(method, path, null);
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** A request being built; {@link #send()} performs it. */
    public final class Request {
        private final String method;
        private final String path;
        private final Object body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        Request(String method, String path, Object body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        public Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            HttpRequest.BodyPublisher publisher;
            if (body == null) {
                publisher = HttpRequest.BodyPublishers.noBody();
            } else {
                String text = body instanceof String raw ? raw : json(body);
                publisher = HttpRequest.BodyPublishers.ofString(text);
                builder.header("Content-Type", "application/json");
            }
            builder.method(method, publisher);
            headers.forEach(builder::header);
            try {
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(response);
            } catch (Exception failed) {
                throw new IllegalStateException(method + " " + path + " failed: " + failed, failed);
            }
        }
    }

    /** A response with its body parsed when it is JSON. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String text(String field) {
            return json().path(field).asString();
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.headers().map() + " " + raw.body();
        }
    }
}
