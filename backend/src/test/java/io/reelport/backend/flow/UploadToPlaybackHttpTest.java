package io.reelport.backend.flow;

import io.reelport.testsupport.http.TestHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelport.backend.auth.Role;
import io.reelport.backend.platform.ratelimit.RateLimitProperties;
import io.reelport.backend.platform.ratelimit.RateLimiter;
import io.reelport.backend.support.Api;
import io.reelport.backend.support.BackendHttpTest;
import io.reelport.backend.user.EmailAddress;
import io.reelport.backend.user.UserAccount;
import io.reelport.backend.user.UserAccounts;
import io.reelport.common.jobs.JobEvent;
import io.reelport.common.jobs.JobMessage;
import io.reelport.common.jobs.ProbeMetadata;
import io.reelport.common.jobs.Rendition;
import io.reelport.common.jwt.AccessTokens;
import io.reelport.common.playback.PlaybackKeyProperties;
import io.reelport.common.playback.PlaybackTokenVerifier;
import io.reelport.testsupport.ReelportTestProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The whole flow over HTTP with real auth, real s3proxy and the real streams; the test plays the
 * worker: it reads the job from the jobs stream and writes events to the events stream.
 */
class UploadToPlaybackHttpTest extends BackendHttpTest {

    static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() * 1000);
    static final HttpClient HTTP = TestHttp.client();

    @Autowired UserAccounts users;
    @Autowired AccessTokens accessTokens;
    @Autowired StringRedisTemplate redis;
    @Autowired JdbcClient jdbc;
    @Autowired RateLimiter rateLimiter;
    @Autowired RateLimitProperties limits;
    @Autowired MeterRegistry meters;

    String editor;
    UUID editorId;
    String otherEditor;
    String viewer;
    String admin;

    String token(Role role) {
        UserAccount account = users.save(new UserAccount(UUID.randomUUID(),
                EmailAddress.parse(UUID.randomUUID() + "@example.com"), "not-a-hash", role, Instant.now()));
        if (role == Role.EDITOR && editorId == null) {
            editorId = account.id();
        }
        return accessTokens.issue(account.id().toString(), role.name(), account.tokenVersion()).token();
    }

    @BeforeEach
    void users() {
        editorId = null;
        editor = token(Role.EDITOR);
        otherEditor = token(Role.EDITOR);
        viewer = token(Role.VIEWER);
        admin = token(Role.ADMIN);
    }

    String createAsset(String title) {
        Api.Response created = api.post("/api/assets", Map.of("title", title)).bearer(editor).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    /** Create → presign → PUT → complete; returns the upload id. */
    String upload(String assetId, byte[] body) throws Exception {
        Api.Response ticket = api.post("/api/assets/" + assetId + "/uploads",
                Map.of("filename", "clip.mp4", "contentType", "video/mp4", "sizeBytes", body.length)).bearer(editor).send();
        assertThat(ticket.status()).as(ticket.toString()).isEqualTo(201);
        assertThat(ticket.json().has("parts")).isFalse();
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(ticket.text("url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        ticket.json().path("headers").properties().forEach(header -> put.header(header.getKey(), header.getValue().asString()));
        HttpResponse<String> stored = HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        String uploadId = ticket.text("uploadId");
        Api.Response complete = api.post("/api/assets/" + assetId + "/uploads/" + uploadId + "/complete", Map.of())
                .bearer(editor).send();
        assertThat(complete.status()).as(complete.toString()).isEqualTo(200);
        return uploadId;
    }

    JobMessage jobOnStream(String jobId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> redis.opsForStream()
                .range(services.redisNamespace().jobsStream(), Range.unbounded()).stream()
                .map(UploadToPlaybackHttpTest::message)
                .filter(job -> job.jobId().toString().equals(jobId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    static JobMessage message(MapRecord<String, Object, Object> record) {
        Map<String, String> fields = new HashMap<>();
        record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
        return JobMessage.fromFields(fields);
    }

    void emit(JobEvent event) {
        redis.opsForStream().add(MapRecord.create(services.redisNamespace().eventsStream(), event.toFields()));
    }

    static JobEvent.Header header(JobMessage job) {
        return JobEvent.Header.of(job, SEQUENCE.incrementAndGet(), Instant.now(), "test-worker");
    }

    static JobEvent.Succeeded succeeded(JobMessage job) {
        ProbeMetadata probe = new ProbeMetadata(2.0, "mov,mp4", 800_000L, 640, 360, 0, 25.0, "h264", "aac", 2, 48000, List.of());
        return new JobEvent.Succeeded(header(job), "e".repeat(64), 4096, probe, List.of(new Rendition("360p",
                Rendition.Kind.HLS_VIDEO, "hls/360p/index.m3u8", 640, 360, 900_000, "avc1.64001e,mp4a.40.2", 3000L, 2.0)),
                job.previewPrefix() + "manifest.json");
    }

    JsonNode asset(String assetId, String token) {
        Api.Response response = api.get("/api/assets/" + assetId).bearer(token).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** Reads an SSE stream in the background, collecting its {@code event:} names and data lines. */
    List<String> follow(String assetId) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/assets/" + assetId + "/events"))
                .header("Authorization", "Bearer " + viewer).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(streamed -> {
            lines.add("status:" + streamed.statusCode());
            streamed.body().forEach(lines::add);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(line -> line.startsWith("event:snapshot")));
        return lines;
    }

    @Test
    void uploadPromoteProcessAndPlay() throws Exception {
        Map<String, Double> countedBefore = businessCounts();
        String assetId = createAsset("Launch film");
        assertThat(asset(assetId, viewer).path("status").asString()).isEqualTo("AWAITING_UPLOAD");
        List<String> events = follow(assetId);
        assertThat(events).contains("status:200");
        byte[] body = new byte[4096];
        new Random(1).nextBytes(body);
        String uploadId = upload(assetId, body);

        Api.Response promoted = api.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", uploadId))
                .bearer(editor).header("Idempotency-Key", "launch-1").send();
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(202);
        assertThat(promoted.text("status")).isEqualTo("PROMOTING");
        String versionId = promoted.text("versionId");
        String jobId = promoted.text("jobId");
        Api.Response again = api.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", uploadId))
                .bearer(editor).header("Idempotency-Key", "launch-1").send();
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.text("versionId")).isEqualTo(versionId);
        assertThat(asset(assetId, editor).path("versions")).hasSize(1);

        JobMessage job = jobOnStream(jobId);
        assertThat(job.versionId().toString()).isEqualTo(versionId);
        emit(new JobEvent.Started(header(job)));
        emit(new JobEvent.Progress(header(job), 55, "transcode"));
        await().atMost(Duration.ofSeconds(10)).until(() -> asset(assetId, viewer).path("versions").path(0).path("progress").asInt() == 55);
        JsonNode processing = asset(assetId, viewer);
        assertThat(processing.path("status").asString()).isEqualTo("PROCESSING");
        assertThat(processing.path("currentJob").path("status").asString()).isEqualTo("RUNNING");
        Api.Response jobView = api.get("/api/jobs/" + jobId).bearer(viewer).send();
        assertThat(jobView.text("status")).as(jobView.toString()).isEqualTo("RUNNING");
        assertThat(jobView.json().path("progress").asInt()).isEqualTo(55);

        emit(succeeded(job));
        await().atMost(Duration.ofSeconds(10)).until(() -> asset(assetId, viewer).path("status").asString().equals("READY"));
        JsonNode ready = asset(assetId, viewer);
        assertThat(ready.path("liveVersionId").asString()).isEqualTo(versionId);
        JsonNode version = ready.path("versions").path(0);
        assertThat(version.path("id").asString()).isEqualTo(versionId);
        assertThat(version.path("status").asString()).isEqualTo("READY");
        assertThat(version.path("progress").asInt()).isEqualTo(100);
        assertThat(version.path("sha256").asString()).isEqualTo("e".repeat(64));
        assertThat(version.path("sizeBytes").asLong()).isEqualTo(4096);
        assertThat(version.path("probe").path("width").asInt()).isEqualTo(640);
        assertThat(version.path("renditions").path(0).path("name").asString()).isEqualTo("360p");
        assertThat(api.get("/api/jobs/" + jobId).bearer(viewer).send().text("status")).isEqualTo("SUCCEEDED");

        Api.Response playback = api.post("/api/assets/" + assetId + "/playback", Map.of("ttlSeconds", 300)).bearer(viewer).send();
        assertThat(playback.status()).as(playback.toString()).isEqualTo(200);
        assertThat(playback.text("versionId")).isEqualTo(versionId);
        assertThat(Instant.parse(playback.text("expiresAt"))).isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));
        PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(new PlaybackKeyProperties(ReelportTestProperties.PLAYBACK_KEYS,
                ReelportTestProperties.PLAYBACK_ACTIVE_KID, Duration.ofSeconds(30)).verifyingRing(), Duration.ofSeconds(30));
        for (String field : List.of("hlsUrl", "posterUrl", "mp4Url", "thumbnailsUrl")) {
            String afterP = URI.create(playback.text(field)).getRawPath().substring("/p/".length());
            String token = afterP.substring(0, afterP.indexOf('/'));
            assertThat(verifier.verify(token, afterP.substring(token.length() + 1), "198.51.100.1", Instant.now()).isGranted())
                    .as(field).isTrue();
        }
        assertThat(playback.text("hlsUrl")).endsWith("/" + assetId + "/" + versionId + "/hls/master.m3u8");

        // Clients following the asset saw it happen, through Redis pub/sub.
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(line -> line.contains("\"succeeded\"")));
        assertThat(events).anyMatch(line -> line.startsWith("event:progress"));
        assertThat(events).anyMatch(line -> line.contains("\"percent\"") || line.contains("\"progress\":55"));

        // Every mutation is on the audit trail.
        List<String> audited = jdbc.sql("select action from audit_events where actor_user_id = :user order by id")
                .param("user", editorId).query(String.class).list();
        assertThat(audited).containsSubsequence("asset.create", "upload.create", "upload.complete", "asset.promote");

        // The business meters counted each step once; the repeated promotion is not a second one.
        Map<String, Double> counted = businessCounts();
        counted.replaceAll((name, value) -> value - countedBefore.get(name));
        assertThat(counted).containsExactlyInAnyOrderEntriesOf(Map.of("reelport.uploads.started", 1.0,
                "reelport.uploads.completed", 1.0, "reelport.promotions", 1.0, "reelport.playback.urls.issued", 1.0));
        assertThat(meters.get("reelport.outbox.pending").gauge().value()).isZero();
    }

    Map<String, Double> businessCounts() {
        Map<String, Double> counts = new java.util.HashMap<>();
        for (String name : List.of("reelport.uploads.started", "reelport.uploads.completed", "reelport.promotions",
                "reelport.playback.urls.issued")) {
            counts.put(name, meters.get(name).counters().stream().mapToDouble(Counter::count).sum());
        }
        return counts;
    }

    @Test
    void refusalsOverHttp() throws Exception {
        String assetId = createAsset("Refusals");
        String uploads = "/api/assets/" + assetId + "/uploads";

        assertProblem(api.post(uploads, Map.of("filename", "a.pdf", "contentType", "application/pdf", "sizeBytes", 10))
                .bearer(editor).send(), 415, "upload_content_type_not_allowed");
        assertProblem(api.post(uploads, Map.of("filename", "a.mp4", "contentType", "video/mp4", "sizeBytes", 60L << 30))
                .bearer(editor).send(), 413, "upload_too_large");
        assertProblem(api.post(uploads, Map.of("filename", "a.mp4", "contentType", "video/mp4", "sizeBytes", 10))
                .bearer(otherEditor).send(), 403, "asset_forbidden");
        assertProblem(api.post(uploads, Map.of("filename", "a.mp4", "contentType", "video/mp4", "sizeBytes", 10))
                .bearer(viewer).send(), 403, "asset_forbidden");
        assertProblem(api.patch("/api/assets/" + assetId, Map.of("title", "mine now")).bearer(otherEditor).send(),
                403, "asset_forbidden");

        Api.Response ticket = api.post(uploads, Map.of("filename", "a.mp4", "contentType", "video/mp4", "sizeBytes", 10))
                .bearer(editor).send();
        String uploadId = ticket.text("uploadId");
        assertProblem(api.post(uploads + "/" + uploadId + "/complete", Map.of()).bearer(editor).send(), 409, "upload_missing");
        assertProblem(api.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", uploadId)).bearer(editor).send(),
                409, "upload_not_completed");

        byte[] body = new byte[1000];
        String completed = upload(assetId, body);
        Api.Response promoted = api.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", completed))
                .bearer(editor).send();
        String versionId = promoted.text("versionId");
        Api.Response twice = api.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", completed)).bearer(editor).send();
        assertThat(twice.text("versionId")).isEqualTo(versionId);
        assertProblem(api.post("/api/assets/" + assetId + "/versions/" + versionId + "/publish", null).bearer(editor).send(),
                409, "version_not_ready");
        assertProblem(api.post("/api/assets/" + assetId + "/playback", null).bearer(viewer).send(), 409, "asset_not_ready");

        assertProblem(api.get("/api/admin/jobs").bearer(editor).send(), 403, "forbidden");
        Api.Response jobs = api.get("/api/admin/jobs?status=queued").bearer(admin).send();
        assertThat(jobs.status()).as(jobs.toString()).isEqualTo(200);
        assertThat(jobs.json().path("items")).isNotEmpty();
        assertProblem(api.post("/api/admin/jobs/" + promoted.text("jobId") + "/retry", null).bearer(admin).send(),
                409, "job_not_failed");

        assertThat(api.delete("/api/assets/" + assetId).bearer(otherEditor).send().status()).isEqualTo(403);
        assertThat(api.delete("/api/assets/" + assetId).bearer(editor).send().status()).isEqualTo(204);
        assertProblem(api.post("/api/assets/" + assetId + "/playback", null).bearer(viewer).send(), 410, "asset_deleted");
        assertProblem(api.get("/api/assets/" + assetId).bearer(viewer).send(), 404, "asset_not_found");
        assertProblem(api.get("/api/assets/" + UUID.randomUUID()).bearer(viewer).send(), 404, "asset_not_found");
    }

    @Test
    void uploadCreationIsRateLimitedPerUser() {
        String assetId = createAsset("Busy");
        while (rateLimiter.hit("uploads", editorId.toString(), limits.uploads()).allowed()) {
            // use up this user's permits
        }
        Api.Response limited = api.post("/api/assets/" + assetId + "/uploads",
                Map.of("filename", "a.mp4", "contentType", "video/mp4", "sizeBytes", 10)).bearer(editor).send();
        assertProblem(limited, 429, "rate_limited");
        assertThat(limited.header("Retry-After")).isNotBlank();
    }

    @Test
    void listsAssetsWithFiltersAndACursor() {
        String first = createAsset("Cursor one");
        String second = createAsset("Cursor two");
        String third = createAsset("Cursor three");

        Api.Response page = api.get("/api/assets?owner=me&limit=2").bearer(editor).send();
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().path("items").path(0).path("id").asString()).isEqualTo(third);
        assertThat(page.json().path("items").path(1).path("id").asString()).isEqualTo(second);
        String cursor = page.text("nextCursor");
        Api.Response next = api.get("/api/assets?owner=me&limit=2&cursor=" + cursor).bearer(editor).send();
        assertThat(next.json().path("items")).hasSize(1);
        assertThat(next.json().path("items").path(0).path("id").asString()).isEqualTo(first);
        assertThat(next.json().path("nextCursor").isNull()).isTrue();
        Api.Response byTitle = api.get("/api/assets?owner=me&q=TWO&status=awaiting_upload").bearer(editor).send();
        assertThat(byTitle.json().path("items")).hasSize(1);
        assertProblem(api.get("/api/assets?status=nonsense").bearer(editor).send(), 400, "status_invalid");
    }

    /**
     * Another backend instance that applied an event publishes it on the namespace's progress
     * channel; clients connected here receive it. The test publishes as that instance would.
     */
    @Test
    void progressAppliedByAnotherInstanceReachesClientsConnectedHere() {
        String assetId = createAsset("Elsewhere");
        List<String> events = follow(assetId);
        String fromOtherInstance = Api.json(Map.of("assetId", assetId, "versionId", UUID.randomUUID().toString(),
                "jobId", UUID.randomUUID().toString(), "event", "progress", "versionStatus", "PROCESSING",
                "progress", 42, "stage", "transcode", "assetStatus", "PROCESSING"));

        redis.convertAndSend(services.redisNamespace().key("asset-progress"), fromOtherInstance);

        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(line -> line.contains("\"progress\":42")));
        assertThat(events).contains("event:progress");
    }

    @Test
    void theOpenApiDocumentDescribesTheAssetApi() {
        Api.Response openApi = api.get("/v3/api-docs").send();
        assertThat(openApi.status()).as(openApi.toString()).isEqualTo(200);
        JsonNode paths = openApi.json().path("paths");
        for (String path : List.of("/api/assets", "/api/assets/{assetId}", "/api/assets/{assetId}/uploads",
                "/api/assets/{assetId}/uploads/{uploadId}/complete", "/api/assets/{assetId}/promote",
                "/api/assets/{assetId}/versions/{versionId}/publish", "/api/assets/{assetId}/versions/{versionId}/reprocess",
                "/api/assets/{assetId}/playback", "/api/assets/{assetId}/events", "/api/jobs/{jobId}",
                "/api/admin/jobs", "/api/admin/jobs/{jobId}/retry")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
    }
}
