package io.reelport.local.e2e;

import io.reelport.testsupport.http.TestHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reelport.local.client.ReelportClient;
import io.reelport.testsupport.media.TestClips;
import io.reelport.testsupport.media.VideoClip;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

/**
 * Outages and crashes with the whole platform running, each with its expected outcome and
 * nothing lost: a worker killed mid-job, Redis, PostgreSQL and the object store taken away and
 * given back (through the proxies every service reaches them by), and a burst of promotions
 * shared by two workers.
 */
class FaultsTest {

    static final Duration PROCESSING = Duration.ofMinutes(4);

    @TempDir
    static Path directory;

    static PlatformUnderTest platform;
    static ReelportClient client;

    @BeforeAll
    static void start() {
        // A dead worker's job is reclaimed after 10 s instead of minutes.
        platform = PlatformUnderTest.start(directory, Map.of("WORKER_CLAIM_TIMEOUT", "10s", "WORKER_RETRY_BACKOFF", "2s"));
        platform.addWorker("worker-2");
        client = new ReelportClient(platform.api("/"));
        client.logIn(platform.adminEmail(), platform.adminPassword());
    }

    @AfterEach
    void restore() {
        platform.postgres.restore();
        platform.redis.restore();
        platform.s3.restore();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void redisDownDuringPromotionTheJobIsDeliveredOnceItReturns() {
        String assetId = newAsset("Redis outage");
        String uploadId = client.upload(assetId, clip(2), "video/mp4");
        platform.redis.cut();
        // The promotion is a database transaction with an outbox row: accepted while Redis is away.
        String versionId = client.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", uploadId))
                .expect(202).text("versionId");
        sleep(Duration.ofSeconds(3));
        assertThat(versionStatus(assetId, versionId)).isEqualTo("PROMOTING");
        platform.redis.restore();
        awaitStatus(assetId, versionId, "READY");
    }

    @Test
    void postgresDownTheBackendAnswers503AndRecoversWithoutARestart() throws Exception {
        String assetId = newAsset("Database outage");
        platform.postgres.cut();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(readiness(platform.api("/actuator/health/readiness"))).isEqualTo(503));
        ReelportClient.Response refused = client.get("/api/assets/" + assetId);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body().path("code").asString()).isNotBlank();
        assertThat(refused.raw().body()).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("sql")
                .doesNotContain("at io.reelport");

        platform.postgres.restore();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(readiness(platform.api("/actuator/health/readiness"))).isEqualTo(200));
        assertThat(client.get("/api/assets/" + assetId).expect(200).text("title")).isEqualTo("Database outage");
    }

    @Test
    void storageDownTheEdgeServesWhatItCachedAndPromotionsCompleteOnceItReturns() {
        String assetId = newAsset("Storage outage");
        String uploadId = client.upload(assetId, clip(2), "video/mp4");
        String versionId = promote(assetId, uploadId);
        awaitStatus(assetId, versionId, "READY");
        JsonNode playback = client.post("/api/assets/" + assetId + "/playback", Map.of()).expect(200).body();
        String hls = playback.path("hlsUrl").asString();
        assertThat(client.fetch(hls).statusCode()).isEqualTo(200); // now in the edge's cache

        String secondUpload = client.upload(assetId, clip(3), "video/mp4");
        platform.s3.cut();
        assertThat(client.fetch(hls).statusCode()).as("cached playlist").isEqualTo(200);
        assertThat(client.fetch(playback.path("posterUrl").asString()).statusCode()).as("uncached poster").isEqualTo(502);
        String secondVersion = promote(assetId, secondUpload);
        sleep(Duration.ofSeconds(5));
        assertThat(versionStatus(assetId, secondVersion)).isIn("PROMOTING", "PROCESSING");

        platform.s3.restore();
        awaitStatus(assetId, secondVersion, "READY");
        assertThat(client.fetch(playback.path("posterUrl").asString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aWorkerKilledMidTranscodeLeavesTheJobToAnotherAndOneCompleteOutputSet() {
        String assetId = newAsset("Worker crash");
        // Long enough to still be transcoding when the worker is killed.
        String uploadId = client.upload(assetId, TestClips.shared().video(VideoClip.of(1280, 720).duration(Duration.ofSeconds(20))),
                "video/mp4");
        String versionId = promote(assetId, uploadId);
        String jobId = jobOf(assetId, versionId);
        await().atMost(PROCESSING).until(() -> "PROCESSING".equals(versionStatus(assetId, versionId)));
        String busy = platform.log("worker-1").contains("job " + jobId + " started") ? "worker-1" : "worker-2";
        assertThat(platform.log(busy)).contains("job " + jobId + " started");
        platform.kill(busy);

        awaitStatus(assetId, versionId, "READY");
        String other = busy.equals("worker-1") ? "worker-2" : "worker-1";
        assertThat(platform.log(other)).as("the surviving worker took the job over")
                .contains("reclaimed job " + jobId, "job " + jobId + " succeeded");
        try (S3Client s3 = platform.s3()) {
            List<String> manifests = s3.listObjectsV2Paginator(request -> request.bucket(platform.directStorage.buckets().previews())
                            .prefix("previews/" + assetId + "/" + versionId + "/"))
                    .contents().stream().map(S3Object::key).filter(key -> key.endsWith("manifest.json")).toList();
            assertThat(manifests).hasSize(1);
        }
        platform.addWorker(busy); // back to two for the other tests
    }

    @Test
    void twentyPromotionsAtOnceWithTwoWorkersAllCompleteNoneTwice() throws Exception {
        Path clip = clip(1);
        List<String[]> promoted = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<String[]>> promotions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int number = i;
                promotions.add(CompletableFuture.supplyAsync(() -> {
                    String assetId = newAsset("Burst " + number);
                    String uploadId = client.upload(assetId, clip, "video/mp4");
                    return new String[] {assetId, promote(assetId, uploadId)};
                }, clients));
            }
            for (CompletableFuture<String[]> promotion : promotions) {
                promoted.add(promotion.join());
            }
        } finally {
            clients.shutdown();
        }
        Set<String> jobIds = new HashSet<>();
        for (String[] version : promoted) {
            awaitStatus(version[0], version[1], "READY");
            jobIds.add(jobOf(version[0], version[1]));
        }
        assertThat(jobIds).hasSize(20);
        String workerLogs = platform.log("worker-1") + platform.log("worker-2");
        for (String jobId : jobIds) {
            assertThat(occurrences(workerLogs, "job " + jobId + " started")).as("runs of job %s", jobId).isEqualTo(1);
            assertThat(occurrences(workerLogs, "job " + jobId + " succeeded")).as("completions of job %s", jobId).isEqualTo(1);
        }
    }

    static String newAsset(String title) {
        return client.post("/api/assets", Map.of("title", title)).expect(201).text("id");
    }

    static String promote(String assetId, String uploadId) {
        return client.post("/api/assets/" + assetId + "/promote", Map.of("uploadId", uploadId)).expect(202).text("versionId");
    }

    static Path clip(int seconds) {
        return TestClips.shared().video(VideoClip.of(320, 240).duration(Duration.ofSeconds(seconds)));
    }

    static String jobOf(String assetId, String versionId) {
        return client.get("/api/assets/" + assetId + "/versions/" + versionId).expect(200).text("jobId");
    }

    static String versionStatus(String assetId, String versionId) {
        return client.get("/api/assets/" + assetId + "/versions/" + versionId).expect(200).text("status");
    }

    static void awaitStatus(String assetId, String versionId, String status) {
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(versionStatus(assetId, versionId)).isEqualTo(status));
    }

    static int readiness(URI uri) throws Exception {
        return TestHttp.client().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int occurrences(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
