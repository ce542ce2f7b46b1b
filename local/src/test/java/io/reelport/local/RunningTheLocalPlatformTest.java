package io.reelport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.reelport.common.keys.KeyRing;
import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.local.client.ReelportClient;
import io.reelport.local.process.Detached;
import io.reelport.testsupport.lookup.LocalPorts;
import io.reelport.testsupport.postgres.PostgresServer;
import io.reelport.testsupport.postgres.TestPostgres;
import io.reelport.testsupport.redis.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The launcher as a user runs it: a process of its own (the same main class
 * {@code scripts/run-local.sh} starts), with the real service jars, against this machine's
 * PostgreSQL and Redis (or embedded ones), a fresh data folder and ports of its own. It is stopped
 * the way users stop it: Ctrl-C to its terminal's process group, and kill -9.
 *
 * <p>The upload-to-playback story and the demo run against the same services in
 * {@code e2e.EndToEndTest}; here the runner itself is under test, down to the admin it bootstraps
 * being able to log in.
 */
class RunningTheLocalPlatformTest {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Duration STARTUP = Duration.ofMinutes(3);

    @TempDir
    Path directory;

    final String database = "rpt_local_" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
    final RedisNamespace namespace = new RedisNamespace("rpt-local-" + HexFormat.of().formatHex(SecureRandom.getSeed(4)));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<Process> launchers = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process launcher : launchers) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Connection connection = TestPostgres.server().connectAdmin(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        TestRedis.deleteKeys(namespace);
    }

    @Test
    void runsThePlatformStopsItOnCtrlCRestartsOnItsDataAndLeavesNothingWhenKilled() throws Exception {
        Path data = directory.resolve("data");
        Map<String, String> environment = new HashMap<>(Map.of(
                "REELPORT_HOME", REPOSITORY.toString(),
                "REELPORT_DATA_DIR", data.toString(),
                "BACKEND_PORT", Integer.toString(LocalPorts.free()),
                "WORKER_PORT", Integer.toString(LocalPorts.free()),
                "EDGE_PORT", Integer.toString(LocalPorts.free()),
                "LOCAL_S3_PORT", Integer.toString(LocalPorts.free()),
                "LOCAL_DATABASE_NAME", database,
                "REDIS_NAMESPACE", namespace.namespace()));
        int[] servicePorts = {port(environment, "BACKEND_PORT"), port(environment, "WORKER_PORT"), port(environment, "EDGE_PORT")};
        // The machine's servers, as test-support found them (on this project's machines: 5432 and 6379).
        PostgresServer postgres = TestPostgres.server();
        URI postgresUri = URI.create(postgres.jdbcUrl("postgres").substring("jdbc:".length()));
        URI redisUri = URI.create(TestRedis.url());
        assertThat(List.of(postgresUri.getHost(), redisUri.getHost())).as("test servers on this machine")
                .allMatch(host -> host.equals("127.0.0.1") || host.equals("localhost"));
        environment.put("PGUSER", postgres.username());
        if (postgres.password() != null) {
            environment.put("PGPASSWORD", postgres.password());
        }
        String databaseUrl = "postgresql://" + postgres.username() + (postgres.password() == null ? "" : ":" + postgres.password())
                + "@127.0.0.1:" + postgresUri.getPort() + "/" + database;

        // First run: the machine's PostgreSQL and Redis (found on their ports), an embedded s3proxy.
        Process first = launch(environment, directory.resolve("first.out"),
                "--reelport.local.postgres.local-port=" + postgresUri.getPort(), "--reelport.local.redis.local-port=" + redisUri.getPort());
        String briefing = awaitRunning(first, directory.resolve("first.out"));
        for (int port : servicePorts) {
            assertThat(readiness(port)).as("readiness on port " + port).isEqualTo("{\"status\":\"UP\"}");
        }
        assertThat(briefing).contains("Swagger UI   http://localhost:" + servicePorts[0] + "/api/docs",
                "OpenAPI      http://localhost:" + servicePorts[0] + "/v3/api-docs",
                "Admin        admin@reelport.local", "database " + database, "namespace " + namespace.namespace(),
                "curl -s \"$API/api/auth/login\"");

        Path secretsFile = data.resolve("secrets.env");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        Map<String, String> secrets = readEnvFile(secretsFile);
        KeyRing.forSigning("JWT_KEYS", secrets.get("JWT_KEYS"), "JWT_ACTIVE_KID", secrets.get("JWT_ACTIVE_KID"));
        KeyRing.forSigning("PLAYBACK_KEYS", secrets.get("PLAYBACK_KEYS"), "PLAYBACK_ACTIVE_KID", secrets.get("PLAYBACK_ACTIVE_KID"));
        assertThat(briefing).contains("password " + secrets.get("BOOTSTRAP_ADMIN_PASSWORD"));
        ReelportClient admin = new ReelportClient(URI.create("http://127.0.0.1:" + servicePorts[0]));
        admin.logIn(secrets.get("BOOTSTRAP_ADMIN_EMAIL"), secrets.get("BOOTSTRAP_ADMIN_PASSWORD"));
        assertThat(admin.get("/api/auth/me").expect(200).text("role")).isEqualTo("ADMIN");
        byte[] secretsAsCreated = Files.readAllBytes(secretsFile);

        StorageProperties storage = new StorageProperties(URI.create("http://127.0.0.1:" + port(environment, "LOCAL_S3_PORT")),
                "us-east-1", secrets.get("S3_ACCESS_KEY"), secrets.get("S3_SECRET_KEY"), true,
                new StorageProperties.Buckets("reelport-staging", "reelport-masters", "reelport-previews"));
        try (S3Client s3 = S3Clients.client(storage)) {
            for (String bucket : List.of("reelport-staging", "reelport-masters", "reelport-previews")) {
                s3.headBucket(request -> request.bucket(bucket));
            }
            s3.putObject(request -> request.bucket("reelport-masters").key("masters/kept/v1/source.mp4"), RequestBody.fromString("kept"));
        }

        Map<String, String> backend = environmentOf(first, "reelport-backend.jar");
        Map<String, String> edge = environmentOf(first, "reelport-edge.jar");
        assertThat(backend).containsEntry("DATABASE_URL", databaseUrl)
                .containsEntry("REDIS_NAMESPACE", namespace.namespace())
                .containsEntry("BOOTSTRAP_ADMIN_EMAIL", secrets.get("BOOTSTRAP_ADMIN_EMAIL"))
                .containsEntry("BOOTSTRAP_ADMIN_PASSWORD", secrets.get("BOOTSTRAP_ADMIN_PASSWORD"))
                .containsEntry("JWT_KEYS", secrets.get("JWT_KEYS"))
                .containsEntry("EDGE_PUBLIC_URL", "http://localhost:" + servicePorts[2])
                .containsEntry("REGISTRATION_MODE", "open");
        assertThat(edge).containsEntry("PLAYBACK_KEYS", secrets.get("PLAYBACK_KEYS"))
                .doesNotContainKeys("DATABASE_URL", "JWT_KEYS", "BOOTSTRAP_ADMIN_PASSWORD");

        // Ctrl-C: the terminal sends SIGINT to the launcher's whole process group.
        List<ProcessHandle> firstChildren = first.descendants().toList();
        assertThat(firstChildren).hasSizeGreaterThanOrEqualTo(5); // guard, s3proxy, backend, worker, edge
        ProcessBuilder ctrlC = new ProcessBuilder("kill", "-s", "INT", "--", "-" + first.pid());
        assertThat(ctrlC.start().waitFor()).isZero();
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("the launcher exits after Ctrl-C").isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(firstChildren).noneMatch(RunningTheLocalPlatformTest::isRunning);
        assertThat(Files.readString(directory.resolve("first.out"))).contains("Stopping backend, worker, edge", "Stopped");
        for (int port : servicePorts) {
            assertThat(LocalPorts.isListening(port, 500)).as("port " + port + " after the stop").isFalse();
        }

        // Second run on the same data folder: DATABASE_URL given, embedded Redis (no lookup on 6379).
        environment.put("DATABASE_URL", databaseUrl);
        environment.put("LOCAL_REDIS_PORT", Integer.toString(LocalPorts.free()));
        Process second = launch(environment, directory.resolve("second.out"), "--reelport.local.redis.local-port=0");
        String secondBriefing = awaitRunning(second, directory.resolve("second.out"));
        assertThat(secondBriefing).contains("DATABASE_URL jdbc:postgresql://127.0.0.1:" + postgresUri.getPort() + "/" + database,
                "embedded Redis 127.0.0.1:" + environment.get("LOCAL_REDIS_PORT"));
        assertThat(Files.readAllBytes(secretsFile)).as("secrets reused, not regenerated").isEqualTo(secretsAsCreated);
        for (int port : servicePorts) {
            assertThat(readiness(port)).isEqualTo("{\"status\":\"UP\"}");
        }
        try (S3Client s3 = S3Clients.client(storage)) {
            assertThat(s3.getObjectAsBytes(request -> request.bucket("reelport-masters").key("masters/kept/v1/source.mp4"))
                    .asUtf8String()).isEqualTo("kept");
        }

        // kill -9: nothing runs the launcher's shutdown hook; its guard stops what it started.
        List<ProcessHandle> secondChildren = second.descendants().toList();
        assertThat(secondChildren).hasSizeGreaterThanOrEqualTo(6); // + embedded Redis
        second.destroyForcibly();
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(secondChildren).noneMatch(RunningTheLocalPlatformTest::isRunning));
        assertThat(Files.readString(data.resolve("logs/guard.log"))).contains("the launcher is gone");
    }

    Process launch(Map<String, String> environment, Path output, String... arguments) throws IOException {
        // As from a terminal, SIGINT at its default: whatever runs this test (a CI runner started in the
        // background, nohup) may have it ignored, which children inherit, and then Ctrl-C would reach nothing.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalApplication.class.getName()));
        command.addAll(Arrays.asList(arguments));
        // A session of its own, as a terminal gives a foreground job its own process group.
        ProcessBuilder builder = Detached.processBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process launcher = builder.start();
        launchers.add(launcher);
        return launcher;
    }

    static String awaitRunning(Process launcher, Path output) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (text.contains("Ctrl-C stops everything.") && text.contains("curl -s \"$API/api/auth/me\"")) {
                return text;
            }
            if (!launcher.isAlive()) {
                fail("the launcher exited with " + launcher.exitValue() + ":\n" + text);
            }
            Thread.sleep(250);
        }
        return fail("the launcher did not report the platform running within " + STARTUP + ":\n" + Files.readString(output));
    }

    String readiness(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : response.statusCode() + " " + response.body();
    }

    /** The environment a service process really got, from /proc. */
    static Map<String, String> environmentOf(Process launcher, String jar) throws IOException {
        ProcessHandle service = launcher.children()
                .filter(child -> child.info().arguments().map(arguments -> List.of(arguments).stream()
                        .anyMatch(argument -> argument.endsWith(jar))).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no child process runs " + jar));
        String raw = Files.readString(Path.of("/proc", Long.toString(service.pid()), "environ"), StandardCharsets.UTF_8);
        return Arrays.stream(raw.split("\0"))
                .filter(entry -> entry.indexOf('=') > 0)
                .collect(Collectors.toMap(entry -> entry.substring(0, entry.indexOf('=')),
                        entry -> entry.substring(entry.indexOf('=') + 1), (a, b) -> b));
    }

    static Map<String, String> readEnvFile(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
    }

    static int port(Map<String, String> environment, String variable) {
        return Integer.parseInt(environment.get(variable));
    }

    /** Running, not a zombie: where nothing reaps orphans, a dead child stays a zombie. */
    static boolean isRunning(ProcessHandle process) {
        Optional<String> stat;
        try {
            stat = Optional.of(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")));
        } catch (IOException gone) {
            stat = Optional.empty();
        }
        return stat.map(text -> text.charAt(text.lastIndexOf(')') + 2) != 'Z').orElse(false);
    }
}
