package io.reelport.local.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client of Reelport's public API does, with nothing but {@code java.net.http} and JSON:
 * log in, upload straight to object storage with presigned URLs, promote, follow progress on the
 * server-sent event stream, ask for playback URLs. The demo uses it, and so do the end-to-end
 * tests, which therefore see exactly what a customer's code sees: no class of the services is used.
 */
public final class ReelportClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private String accessToken;

    /** @param api the backend's base URL, e.g. {@code http://localhost:8080} */
    public ReelportClient(URI api) {
        this.api = api;
    }

    /** A JSON response: its status and body (a problem document for errors). */
    public record Response(int status, JsonNode body, HttpResponse<String> raw) {

        /** This response, or an exception naming the request, the status and the body. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new UnexpectedResponseException(raw.request().method() + " " + raw.request().uri() + " answered "
                        + status + " (expected " + expected + "): " + raw.body());
            }
            return this;
        }

        public String text(String field) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull()) {
                throw new UnexpectedResponseException("no '" + field + "' in the answer to " + raw.request().method() + " "
                        + raw.request().uri() + ": " + raw.body());
            }
            return value.asString();
        }
    }

    /** Thrown when the API answers something other than what the flow needs. */
    public static final class UnexpectedResponseException extends RuntimeException {
        UnexpectedResponseException(String message) {
            super(message);
        }
    }

    public void logIn(String email, String password) {
        accessToken = post("/api/auth/login", Map.of("email", email, "password", password)).expect(200).text("accessToken");
    }

    public String accessToken() {
        return accessToken;
    }

    public Response get(String path) {
        return send(authorized(HttpRequest.newBuilder(api.resolve(path))).GET().build());
    }

    public Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    public Response post(String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = authorized(HttpRequest.newBuilder(api.resolve(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    public Response patch(String path, Object body) {
        return send(authorized(HttpRequest.newBuilder(api.resolve(path)))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    public Response delete(String path) {
        return send(authorized(HttpRequest.newBuilder(api.resolve(path))).DELETE().build());
    }

    /**
     * Uploads {@code file} to a new upload of the asset and completes it: one presigned PUT, or one
     * per part when the backend answers with a multipart upload (files above its threshold).
     *
     * @return the upload id, ready to promote
     */
    public String upload(String assetId, Path file, String contentType) {
        long size = size(file);
        JsonNode upload = post("/api/assets/" + assetId + "/uploads", Map.of(
                "filename", file.getFileName().toString(), "contentType", contentType,
                "sizeBytes", size, "sha256", sha256(file))).expect(201).body();
        String uploadId = upload.path("uploadId").asString();
        Map<String, Object> completion = new LinkedHashMap<>();
        if (upload.path("parts").isArray()) {
            long partSize = upload.path("partSize").asLong();
            List<Map<String, Object>> parts = new ArrayList<>();
            for (JsonNode part : upload.path("parts")) {
                int number = part.path("partNumber").asInt();
                long offset = (number - 1) * partSize;
                HttpResponse<String> put = put(part.path("url").asString(), Map.of(), file, offset, Math.min(partSize, size - offset));
                parts.add(Map.of("partNumber", number, "etag", put.headers().firstValue("ETag").orElseThrow(() ->
                        new UnexpectedResponseException("no ETag for part " + number))));
            }
            completion.put("parts", parts);
        } else {
            Map<String, String> headers = new LinkedHashMap<>();
            upload.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asString()));
            put(upload.path("url").asString(), headers, file, 0, size);
        }
        post("/api/assets/" + assetId + "/uploads/" + uploadId + "/complete", completion).expect(200);
        return uploadId;
    }

    /**
     * Follows the asset's server-sent events until {@code versionId} is ready, handing every event's
     * data to {@code onEvent}.
     *
     * @throws UnexpectedResponseException when the version fails or the stream ends first
     */
    public void awaitReady(String assetId, String versionId, Duration timeout, Consumer<String> onEvent) {
        HttpRequest request = authorized(HttpRequest.newBuilder(api.resolve("/api/assets/" + assetId + "/events")))
                .header("Accept", "text/event-stream")
                .timeout(timeout)
                .GET()
                .build();
        HttpResponse<Stream<String>> response = call(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new UnexpectedResponseException("the event stream answered " + response.statusCode());
        }
        try (Stream<String> lines = response.body()) {
            Iterator<String> iterator = lines.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring("data:".length()).trim();
                onEvent.accept(data);
                String status = statusOf(JSON.readTree(data), versionId);
                if ("READY".equals(status)) {
                    return;
                }
                if ("FAILED".equals(status)) {
                    throw new UnexpectedResponseException("version " + versionId + " failed: " + data);
                }
            }
        } catch (UncheckedIOException e) {
            throw new UnexpectedResponseException("the event stream broke off before version " + versionId
                    + " was ready: " + e.getMessage());
        }
        throw new UnexpectedResponseException("the event stream ended before version " + versionId + " was ready");
    }

    /**
     * The version's status in one event: the stream opens with a {@code snapshot} of the asset
     * (its versions), then sends {@code progress} events for one version each.
     */
    private static String statusOf(JsonNode event, String versionId) {
        for (JsonNode version : event.path("versions")) {
            if (versionId.equals(version.path("id").asString())) {
                return version.path("status").asString();
            }
        }
        return versionId.equals(event.path("versionId").asString()) ? event.path("versionStatus").asString() : "";
    }

    /** A GET with no API credentials, as a video player does. */
    public HttpResponse<byte[]> fetch(String url) {
        return call(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Lower-case hex SHA-256 of a file, as the API takes it. */
    public static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A PUT straight to object storage with a presigned URL: no API credentials. */
    private HttpResponse<String> put(String url, Map<String, String> headers, Path file, long offset, long length) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(5))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(slice(file, offset, length)));
        headers.forEach((name, value) -> {
            // java.net.http sets these itself and refuses them as user headers.
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                builder.header(name, value);
            }
        });
        HttpResponse<String> response = call(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new UnexpectedResponseException("PUT to the presigned URL answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response;
    }

    private static byte[] slice(Path file, long offset, long length) {
        // Parts are at most a few tens of megabytes; one part in memory at a time.
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            return in.readNBytes(Math.toIntExact(length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        builder.timeout(Duration.ofSeconds(30)).header("Accept", "application/json, application/problem+json");
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        HttpResponse<String> response = call(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Response(response.statusCode(), body, response);
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
