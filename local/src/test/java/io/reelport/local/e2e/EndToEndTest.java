package io.reelport.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.reelport.common.keys.KeyRing;
import io.reelport.common.playback.PlaybackGrantRequest;
import io.reelport.common.playback.PlaybackTokenSigner;
import io.reelport.local.client.Player;
import io.reelport.local.client.ReelportClient;
import io.reelport.local.demo.Demo;
import io.reelport.testsupport.media.Ffprobe;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.TestFfmpeg;
import io.reelport.testsupport.media.VideoClip;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform as a customer meets it: three service processes, driven only through their
 * HTTP APIs, from login to a video that ffmpeg plays through the edge, a second cut reviewed and
 * published, and the asset deleted. One ordered story, because each step needs the state the one
 * before it left, as a real client's session would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

    static final Duration PROCESSING = Duration.ofMinutes(4);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path directory;

    static PlatformUnderTest platform;
    static ReelportClient client;
    static HlsJsPage playerPage;
    static final Player player = new Player(TestFfmpeg.binaries());

    @BeforeAll
    static void start() {
        // Production's log format, so that the correlation id can be followed through JSON lines.
        // The deleted asset's previews are removed by a cleanup every few seconds rather than every minute.
        // The browser's player page is a site of its own that the edge lets fetch previews.
        playerPage = HlsJsPage.serve();
        platform = PlatformUnderTest.start(directory, Map.of("UPLOAD_MULTIPART_THRESHOLD", "5MB", "LOG_FORMAT", "ecs",
                "REELPORT_CLEANUP_INTERVAL_MS", "3000", "CORS_ALLOWED_ORIGINS", playerPage.origin()));
        client = new ReelportClient(platform.api("/"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (playerPage != null) {
            playerPage.close();
        }
    }

    @Test
    @Order(1)
    void uploadProcessPlayReviewPublishAndDelete() throws Exception {
        client.logIn(platform.adminEmail(), platform.adminPassword());
        assertThat(client.get("/api/auth/me").expect(200).text("role")).isEqualTo("ADMIN");

        String assetId = client.post("/api/assets", Map.of("title", "Launch film")).expect(201).text("id");
        assertThat(client.get("/api/assets/" + assetId).expect(200).text("status")).isEqualTo("AWAITING_UPLOAD");

        // First cut: small enough for a single presigned PUT.
        Path firstCut = TestClips.shared().video(VideoClip.of(640, 360).duration(Duration.ofSeconds(4)));
        assertThat(Files.size(firstCut)).isLessThan(5L << 20);
        String firstUpload = client.upload(assetId, firstCut, "video/mp4");
        String requestId = "e2e-" + UUID.randomUUID();
        ReelportClient.Response promoted = client.post("/api/assets/" + assetId + "/promote",
                Map.of("uploadId", firstUpload, "sha256", ReelportClient.sha256(firstCut)),
                Map.of("X-Request-Id", requestId)).expect(202);
        assertThat(promoted.raw().headers().firstValue("X-Request-Id")).hasValue(requestId);
        String firstVersion = promoted.text("versionId");
        assertThat(promoted.text("status")).isEqualTo("PROMOTING");
        assertThat(promoted.text("jobId")).isNotBlank();

        List<String> events = new ArrayList<>();
        client.awaitReady(assetId, firstVersion, PROCESSING, events::add);
        assertThat(events).as("the progress stream").anyMatch(event -> event.contains("\"event\":\"progress\""));

        // The promote request's id is on the backend's lines for it and on the worker's for its job.
        String jobId = promoted.text("jobId");
        assertThat(jsonLines(platform.log("backend"))).anySatisfy(line -> {
            assertThat(line.path("correlationId").asString()).isEqualTo(requestId);
            assertThat(line.path("message").asString()).contains("promoted to version " + firstVersion);
        });
        assertThat(jsonLines(platform.log("worker-1"))).anySatisfy(line -> {
            assertThat(line.path("correlationId").asString()).isEqualTo(requestId);
            assertThat(line.path("message").asString()).contains("job " + jobId + " started");
        });

        JsonNode asset = client.get("/api/assets/" + assetId).expect(200).body();
        assertThat(asset.path("liveVersionId").asString()).as("the first ready version goes live").isEqualTo(firstVersion);
        JsonNode version = client.get("/api/assets/" + assetId + "/versions/" + firstVersion).expect(200).body();
        assertThat(version.path("status").asString()).isEqualTo("READY");
        assertThat(version.path("sha256").asString()).isEqualTo(ReelportClient.sha256(firstCut));
        assertThat(version.path("sizeBytes").asLong()).isEqualTo(Files.size(firstCut));

        // Playback of the live version, as a player does it: nothing but the signed URLs.
        JsonNode playback = client.post("/api/assets/" + assetId + "/playback", Map.of()).expect(200).body();
        assertThat(playback.path("versionId").asString()).isEqualTo(firstVersion);
        String liveHls = playback.path("hlsUrl").asString();
        assertThat(liveHls).startsWith(platform.edge() + "/p/").endsWith("/" + assetId + "/" + firstVersion + "/hls/master.m3u8");
        Player.Playback played = player.play(liveHls);
        assertThat(played.playedToTheEnd()).as("ffmpeg played %s: %s", liveHls, played.errors()).isTrue();
        assertThat(played.seconds()).isCloseTo(4.0, within(0.5));

        HttpResponse<byte[]> poster = client.fetch(playback.path("posterUrl").asString());
        assertThat(poster.statusCode()).isEqualTo(200);
        assertThat(poster.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(poster.body()).startsWith((byte) 0xFF, (byte) 0xD8);
        HttpResponse<byte[]> mp4 = client.fetch(playback.path("mp4Url").asString());
        assertThat(mp4.statusCode()).isEqualTo(200);
        Path mp4File = Files.write(directory.resolve("preview.mp4"), mp4.body());
        assertThat(Ffprobe.probe(mp4File).duration().toMillis()).isBetween(3_500L, 4_500L);
        HttpResponse<byte[]> thumbnails = client.fetch(playback.path("thumbnailsUrl").asString());
        assertThat(thumbnails.statusCode()).isEqualTo(200);
        assertThat(new String(thumbnails.body(), StandardCharsets.UTF_8)).startsWith("WEBVTT");

        // Refused tokens: tampered, expired, and granted for another version.
        String token = tokenOf(liveHls);
        assertThat(client.fetch(liveHls.replace(token, flipLastCharacter(token))).statusCode()).isEqualTo(403);
        KeyRing playbackKeys = KeyRing.forSigning("PLAYBACK_KEYS", platform.secrets.playbackKeys(),
                "PLAYBACK_ACTIVE_KID", platform.secrets.playbackActiveKid());
        String expired = new PlaybackTokenSigner(playbackKeys).sign(
                new PlaybackGrantRequest(assetId + "/" + firstVersion + "/", Instant.now().minusSeconds(120)));
        assertThat(client.fetch(liveHls.replace(token, expired)).statusCode()).isEqualTo(403);

        // Second cut: above the lowered threshold, so uploaded in parts; reviewed by its own URL
        // while players still get the first.
        Path secondCut = TestClips.shared().video(VideoClip.of(1280, 720).fps(30).duration(Duration.ofSeconds(6)));
        assertThat(Files.size(secondCut)).isGreaterThan(5L << 20);
        String secondUpload = client.upload(assetId, secondCut, "video/mp4");
        String secondVersion = client.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", secondUpload))
                .expect(202).text("versionId");
        client.awaitReady(assetId, secondVersion, PROCESSING, event -> { });
        assertThat(client.get("/api/assets/" + assetId).expect(200).text("liveVersionId")).isEqualTo(firstVersion);

        assertThat(client.fetch(liveHls.replace(firstVersion, secondVersion)).statusCode())
                .as("the first version's token on the second's path").isEqualTo(403);
        JsonNode review = client.post("/api/assets/" + assetId + "/playback", Map.of("versionId", secondVersion))
                .expect(200).body();
        Player.Playback reviewed = player.play(review.path("hlsUrl").asString());
        assertThat(reviewed.playedToTheEnd()).as(reviewed.errors()).isTrue();
        assertThat(reviewed.seconds()).isCloseTo(6.0, within(0.5));
        assertThat(client.post("/api/assets/" + assetId + "/playback", Map.of()).expect(200).text("versionId"))
                .as("players still get the live version").isEqualTo(firstVersion);
        assertThat(player.play(liveHls).seconds()).isCloseTo(4.0, within(0.5));

        // Publish: the live version switches.
        client.post("/api/assets/" + assetId + "/versions/" + secondVersion + "/publish", Map.of()).expect(200);
        assertThat(client.get("/api/assets/" + assetId).expect(200).text("liveVersionId")).isEqualTo(secondVersion);
        JsonNode nowLive = client.post("/api/assets/" + assetId + "/playback", Map.of()).expect(200).body();
        assertThat(nowLive.path("versionId").asString()).isEqualTo(secondVersion);
        assertThat(player.play(nowLive.path("hlsUrl").asString()).seconds()).isCloseTo(6.0, within(0.5));

        // Delete: the API forgets the asset, refuses playback, and its previews go away.
        client.delete("/api/assets/" + assetId).expect(204);
        assertThat(client.get("/api/assets/" + assetId).status()).isEqualTo(404);
        assertThat(client.post("/api/assets/" + assetId + "/playback", Map.of()).status()).as("playback of a deleted asset").isIn(404, 410);
        // The previews leave storage shortly after; the edge then has nothing to serve for files it never
        // cached. (Files it did cache stay servable to holders of unexpired URLs: previews are immutable.)
        try (S3Client s3 = platform.s3()) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(s3.listObjectsV2(request -> request
                    .bucket(platform.directStorage.buckets().previews()).prefix("previews/" + assetId + "/")).keyCount()).isZero());
        }
        String uncachedFile = nowLive.path("thumbnailsUrl").asString().replace("thumbnails.vtt", "sprite_000.jpg");
        assertThat(client.fetch(uncachedFile).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aBrowserOnAnotherSitePlaysEveryRungWithHlsJs() throws Exception {
        // 720p with sound: the default ladder's 240p to 720p rungs, two segments each.
        Path clip = TestClips.shared().video(VideoClip.of(1280, 720).fps(30).duration(Duration.ofSeconds(8)));
        client.logIn(platform.adminEmail(), platform.adminPassword());
        String assetId = client.post("/api/assets", Map.of("title", "Played in a browser")).expect(201).text("id");
        String versionId = client.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", client.upload(assetId, clip, "video/mp4")))
                .expect(202).text("versionId");
        client.awaitReady(assetId, versionId, PROCESSING, event -> { });
        JsonNode playback = client.post("/api/assets/" + assetId + "/playback", Map.of()).expect(200).body();
        String master = playback.path("hlsUrl").asString();
        List<String> rungs = rungsOf(new String(client.fetch(master).body(), StandardCharsets.UTF_8));
        assertThat(rungs).as("the master playlist's rungs").map(rung -> rung.substring(0, rung.indexOf(' ')))
                .containsExactlyInAnyOrder("240", "360", "480", "720");

        try (BrowserPlayer browser = BrowserPlayer.open(playerPage, platform.logs.resolve("chromedriver.log"))) {
            browser.play(master, playback.path("thumbnailsUrl").asString());
            JsonNode parsed = browser.await("MANIFEST_PARSED", state -> !state.path("levels").isEmpty());
            List<String> levels = parsed.path("levels").valueStream()
                    .map(level -> level.path("height").asInt() + " " + level.path("codecs").asString()).toList();
            assertThat(levels).as("hls.js's levels (height, CODECS)").containsExactlyInAnyOrderElementsOf(rungs);

            browser.await("playing past 2 s", state -> state.path("currentTime").asDouble() > 2.0);
            // Every rung decodes: switched to, a fragment of it buffered, and its frames playing on screen.
            for (int level = 0; level < levels.size(); level++) {
                int height = parsed.path("levels").get(level).path("height").asInt();
                int bufferedBefore = browser.state().path("fragmentsBuffered").size();
                browser.replayAtLevel(level);
                int selected = level;
                browser.await("a fragment of level " + level + " buffered and playing at " + height + "p", state ->
                        state.path("fragmentsBuffered").valueStream().skip(bufferedBefore)
                                .anyMatch(fragment -> fragment.path("level").asInt() == selected)
                        && state.path("videoHeight").asInt() == height
                        && !state.path("paused").asBoolean() && state.path("currentTime").asDouble() > 1.0);
            }
            JsonNode played = browser.await("the thumbnails track loaded",
                    state -> state.path("cues").asInt() >= 0 || !state.path("trackError").isNull());
            assertThat(played.path("trackError").isNull()).as(() -> browser.diagnosis(played)).isTrue();
            assertThat(played.path("cues").asInt()).as("thumbnail cues").isPositive();
            // Stalls while a flushed buffer refills say how busy the machine is, not what the stream is;
            // any other error (a refused request, a fragment that does not parse) is the platform's.
            assertThat(played.path("otherErrors").valueStream().map(JsonNode::asString))
                    .as("hls.js's non-fatal errors").allMatch(error -> error.startsWith("mediaError buffer") && error.contains("Stall"));
        }
    }

    /** Each variant of a master playlist as "height CODECS", as hls.js reports its levels. */
    static List<String> rungsOf(String masterPlaylist) {
        Matcher variant = VARIANT.matcher(masterPlaylist);
        List<String> rungs = new ArrayList<>();
        while (variant.find()) {
            rungs.add(variant.group(1) + " " + variant.group(2));
        }
        return rungs;
    }

    static final Pattern VARIANT = Pattern.compile("#EXT-X-STREAM-INF:.*RESOLUTION=\\d+x(\\d+).*CODECS=\"([^\"]+)\"");

    @Test
    @Order(3)
    void theDemoUploadsAClipAndPrintsAUrlThatPlays() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String hls = new Demo(new Demo.Settings(platform.api("/"), directory.resolve("secrets.env"), directory.resolve("demo"),
                Duration.ofSeconds(3)), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("HLS      " + hls, "ffplay '" + hls + "'");
        assertThat(player.play(hls).seconds()).isCloseTo(3.0, within(0.5));
    }

    @Test
    @Order(4)
    void everyMetricTheAlertsAndTheDashboardUseIsExported() throws Exception {
        // Runs after the others, so that meters registered on first use exist too.
        Set<String> used = new TreeSet<>();
        for (String file : List.of("deploy/observability/alert-rules.yml", "deploy/observability/grafana-dashboard.json")) {
            Matcher names = METRIC.matcher(Files.readString(PlatformUnderTest.REPOSITORY.resolve(file)));
            while (names.find()) {
                used.add(names.group());
            }
        }
        StringBuilder exported = new StringBuilder();
        for (URI endpoint : List.of(platform.api("/actuator/prometheus"), platform.edge().resolve("/actuator/prometheus"),
                URI.create("http://127.0.0.1:" + platform.service("worker-1").port() + "/actuator/prometheus"))) {
            HttpResponse<byte[]> scrape = client.fetch(endpoint.toString());
            assertThat(scrape.statusCode()).as(endpoint.toString()).isEqualTo(200);
            exported.append(new String(scrape.body(), StandardCharsets.UTF_8));
        }
        assertThat(used).hasSizeGreaterThan(10);
        for (String name : used) {
            assertThat(exported.toString()).as("exported by a service").containsPattern("(?m)^" + name + "[{ ]");
        }
    }

    static final Pattern METRIC = Pattern.compile("\\b(reelport_[a-z_]+|http_server_requests_seconds_[a-z]+)\\b");

    static List<JsonNode> jsonLines(String log) {
        return log.lines().filter(line -> line.startsWith("{")).map(line -> JSON.readTree(line)).toList();
    }

    static String tokenOf(String url) {
        return URI.create(url).getPath().split("/")[2];
    }

    static String flipLastCharacter(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
