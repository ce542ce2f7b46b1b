package io.reelport.local.e2e;

import io.reelport.common.redis.RedisNamespace;
import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.local.LocalProperties;
import io.reelport.local.secrets.DevelopmentSecrets;
import io.reelport.local.secrets.SecretsFile;
import io.reelport.local.services.Service;
import io.reelport.local.services.ServiceEnvironment;
import io.reelport.local.services.ServiceProcess;
import io.reelport.testsupport.lookup.LocalPorts;
import io.reelport.testsupport.net.TcpProxy;
import io.reelport.testsupport.postgres.TestDatabase;
import io.reelport.testsupport.postgres.TestPostgres;
import io.reelport.testsupport.redis.TestRedis;
import io.reelport.testsupport.s3.TestS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The three services as production runs them: their own Boot jars in their own processes, each
 * with only the environment it reads in production (the launcher's {@link ServiceEnvironment}),
 * against real PostgreSQL, Redis and s3proxy. Every one of the three is reached through a
 * {@link TcpProxy}, so a test can take the database, Redis or the object store away from all the
 * services at once and bring it back, as an outage would, without touching servers other tests
 * share. Workers can be added and killed.
 */
final class PlatformUnderTest implements AutoCloseable {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    final Path directory;
    final Path logs;
    final TestDatabase database = TestPostgres.createDatabase();
    final RedisNamespace namespace = TestRedis.newNamespace();
    final StorageProperties directStorage = TestS3.createBuckets();
    final TcpProxy postgres;
    final TcpProxy redis;
    final TcpProxy s3;
    final StorageProperties storage;
    final DevelopmentSecrets secrets;
    private final Map<String, String> extraEnvironment;
    private final List<ServiceProcess> running = new ArrayList<>();
    private final Map<String, ServiceProcess> byName = new LinkedHashMap<>();
    private final int backendPort = LocalPorts.free();
    private final int edgePort = LocalPorts.free();

    private PlatformUnderTest(Path directory, Map<String, String> extraEnvironment) {
        this.directory = directory;
        // Kept after the run (the temporary directory is not), for the post-mortem of a failure.
        this.logs = Path.of("target", "e2e-logs", directory.getFileName().toString()).toAbsolutePath();
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.extraEnvironment = extraEnvironment;
        URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        postgres = TcpProxy.to(jdbc.getHost(), jdbc.getPort());
        URI redisUri = URI.create(TestRedis.url());
        redis = TcpProxy.to(redisUri.getHost(), redisUri.getPort());
        URI s3Uri = directStorage.endpoint();
        s3 = TcpProxy.to(s3Uri.getHost(), s3Uri.getPort());
        storage = new StorageProperties(URI.create("http://127.0.0.1:" + s3.port()), directStorage.region(),
                directStorage.accessKey(), directStorage.secretKey(), true, directStorage.buckets());
        secrets = new SecretsFile(directory.resolve("secrets.env"), new SecureRandom(), Clock.systemUTC()).loadOrCreate();
    }

    /**
     * Starts backend, one worker and edge, each ready before this returns.
     *
     * @param extraEnvironment settings for every service on top of the production ones (shorter timeouts for the fault tests)
     */
    static PlatformUnderTest start(Path directory, Map<String, String> extraEnvironment) {
        PlatformUnderTest platform = new PlatformUnderTest(directory, extraEnvironment);
        try {
            platform.startService(Service.BACKEND, "backend", platform.backendPort).awaitReady(READY_TIMEOUT, () -> false);
            ServiceProcess worker = platform.startService(Service.WORKER, "worker-1", LocalPorts.free());
            ServiceProcess edge = platform.startService(Service.EDGE, "edge", platform.edgePort);
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> worker.awaitReady(READY_TIMEOUT, () -> false)),
                    CompletableFuture.runAsync(() -> edge.awaitReady(READY_TIMEOUT, () -> false))).join();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + backendPort + path);
    }

    URI edge() {
        return URI.create("http://localhost:" + edgePort);
    }

    String adminEmail() {
        return secrets.adminEmail();
    }

    String adminPassword() {
        return secrets.adminPassword();
    }

    S3Client s3() {
        return S3Clients.client(directStorage);
    }

    /** Another worker process, ready before this returns. */
    ServiceProcess addWorker(String name) {
        ServiceProcess worker = startService(Service.WORKER, name, LocalPorts.free());
        worker.awaitReady(READY_TIMEOUT, () -> false);
        return worker;
    }

    ServiceProcess service(String name) {
        ServiceProcess service = byName.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " (running: " + byName.keySet() + ")");
        }
        return service;
    }

    /** kill -9: no shutdown hook, no graceful stop, as when a machine dies. */
    void kill(String name) {
        ServiceProcess service = service(name);
        ProcessHandle.of(service.pid()).ifPresent(ProcessHandle::destroyForcibly);
        service.awaitStopped(Duration.ofSeconds(20));
    }

    String log(String name) {
        try {
            return Files.readString(service(name).logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ServiceProcess startService(Service service, String name, int port) {
        Path data = directory.resolve(name);
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceEnvironment.Facts facts = new ServiceEnvironment.Facts(
                new LocalProperties.Ports(backendPort, port, edgePort), "127.0.0.1",
                "postgresql://" + database.username() + (database.password() == null ? "" : ":" + database.password())
                        + "@127.0.0.1:" + postgres.port() + "/" + database.name(),
                "redis://127.0.0.1:" + redis.port(), namespace.namespace(), storage, true, secrets, data,
                "http://player.example", "open");
        Map<String, String> environment = new LinkedHashMap<>(new ServiceEnvironment(facts).environment(service,
                Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))));
        if (service == Service.BACKEND) {
            environment.put("PORT", Integer.toString(backendPort));
        } else if (service == Service.EDGE) {
            environment.put("PORT", Integer.toString(edgePort));
        } else {
            environment.put("PORT", Integer.toString(port));
        }
        environment.putAll(extraEnvironment);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", service.jar(REPOSITORY).toString());
        ServiceProcess process = ServiceProcess.start(name, port, command, environment, directory, logs.resolve(name + ".log"));
        running.add(process);
        byName.put(name, process);
        return process;
    }

    @Override
    public void close() {
        for (ServiceProcess process : running) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (ServiceProcess process : running) {
            process.awaitStopped(Duration.ofSeconds(20));
        }
        postgres.close();
        redis.close();
        s3.close();
        TestRedis.deleteKeys(namespace);
    }
}
