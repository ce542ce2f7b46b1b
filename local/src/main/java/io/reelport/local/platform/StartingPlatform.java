package io.reelport.local.platform;

import io.reelport.common.storage.StorageProperties;
import io.reelport.local.LaunchException;
import io.reelport.local.LocalProperties;
import io.reelport.local.infrastructure.CreatingBuckets;
import io.reelport.local.infrastructure.FindingPostgres;
import io.reelport.local.infrastructure.FindingRedis;
import io.reelport.local.infrastructure.FindingStorage;
import io.reelport.local.infrastructure.Found;
import io.reelport.local.process.ErrorEcho;
import io.reelport.local.process.LogFiles;
import io.reelport.local.process.ProcessGuard;
import io.reelport.local.secrets.DevelopmentSecrets;
import io.reelport.local.secrets.SecretsFile;
import io.reelport.local.services.Service;
import io.reelport.local.services.ServiceEnvironment;
import io.reelport.local.services.ServiceProcess;
import io.reelport.testsupport.lookup.LocalPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the platform up, in the order production would: infrastructure, buckets, then the
 * backend (it migrates the database), then worker and edge; each service must report ready before
 * the launcher moves on. On any failure what was started is stopped again and a
 * {@link LaunchException} says what went wrong and where its log is.
 *
 * <p>Layout of the data folder ({@code .reelport/}, mode 700): {@code secrets.env}, {@code s3/},
 * {@code redis/}, {@code postgres/} (embedded servers only), {@code worker/} and
 * {@code edge-cache/} (the services' scratch and cache), {@code bin/} (extracted binaries) and
 * {@code logs/}.
 */
public final class StartingPlatform {

    private static final Logger log = LoggerFactory.getLogger(StartingPlatform.class);

    private final LocalProperties properties;
    private final Map<String, String> environment;
    private final Consumer<String> console;

    /**
     * @param environment the launcher's environment: what services inherit, and {@code PGUSER}/{@code PGPASSWORD}
     * @param console     where service errors are echoed
     */
    public StartingPlatform(LocalProperties properties, Map<String, String> environment, Consumer<String> console) {
        this.properties = properties;
        this.environment = environment;
        this.console = console;
    }

    /** What a started platform is: its parts, and what to tell the user about it. */
    public record Started(RunningPlatform platform, Briefing briefing) {
    }

    /**
     * Starts everything, or nothing. {@code onPlatform} receives the platform as soon as it exists,
     * so that a shutdown hook can stop it even while it is still starting.
     */
    public Started start(Consumer<RunningPlatform> onPlatform) {
        Path home = properties.homeDirectory();
        Path data = properties.resolvedDataDirectory();
        checkJars(home);
        checkServicePortsFree();
        createPrivateDirectory(data);
        LogFiles logs = new LogFiles(data.resolve("logs"));

        SecretsFile secretsFile = new SecretsFile(data.resolve("secrets.env"), new SecureRandom(), Clock.systemUTC());
        DevelopmentSecrets secrets = secretsFile.loadOrCreate();

        ProcessGuard guard = ProcessGuard.start(properties.services().stopTimeout().plusSeconds(5), logs.startNew("guard"));
        RunningPlatform platform = new RunningPlatform(guard, new ErrorEcho(console), properties.services().stopTimeout());
        onPlatform.accept(platform);
        try {
            Found<String> database = new FindingPostgres(properties.postgres(), data.resolve("postgres"), data,
                    logs, environment, isRoot()).find();
            database.started().ifPresent(platform::add);
            log.info("PostgreSQL: {}", database.description());

            Found<String> redis = new FindingRedis(properties.redis(), data.resolve("redis"), data.resolve("bin"),
                    logs).find();
            redis.started().ifPresent(platform::add);
            log.info("Redis: {}", redis.description());

            Found<StorageProperties> storage = new FindingStorage(properties.storage(), secrets, data.resolve("s3"),
                    logs).find();
            storage.started().ifPresent(platform::add);
            log.info("S3: {}", storage.description());
            new CreatingBuckets(storage.value()).createMissing();

            ServiceEnvironment serviceEnvironment = new ServiceEnvironment(new ServiceEnvironment.Facts(
                    properties.ports(), properties.services().bindAddress(), database.value(), redis.value(),
                    properties.redis().namespace(), storage.value(), storage.started().isPresent(), secrets, data,
                    properties.services().corsAllowedOrigins(), properties.services().registrationMode()));
            createPrivateDirectory(data.resolve("worker"));
            createPrivateDirectory(data.resolve("edge-cache"));

            Map<Service, ServiceProcess> started = new EnumMap<>(Service.class);
            startAndAwait(List.of(Service.BACKEND), serviceEnvironment, logs, platform, started);
            startAndAwait(List.of(Service.WORKER, Service.EDGE), serviceEnvironment, logs, platform, started);

            return new Started(platform, new Briefing(properties, data, secretsFile.path(), secrets, started,
                    database.description(), redis.description(), storage.description()));
        } catch (RuntimeException e) {
            platform.stop();
            throw e;
        }
    }

    /** Starts {@code services} together and waits until every one is ready. */
    private void startAndAwait(List<Service> services, ServiceEnvironment serviceEnvironment, LogFiles logs,
            RunningPlatform platform, Map<Service, ServiceProcess> started) {
        long begin = System.nanoTime();
        List<ServiceProcess> processes = new ArrayList<>();
        for (Service service : services) {
            int port = service.port(properties.ports());
            log.info("Starting {} on port {} (log {})", service, port, logs.directory().resolve(service.module() + ".log"));
            ServiceProcess process = ServiceProcess.start(service.module(), port, command(service),
                    serviceEnvironment.environment(service, environment), properties.homeDirectory(),
                    logs.startNew(service.module()));
            platform.add(process);
            processes.add(process);
            started.put(service, process);
        }
        // One thread each: the common pool may have a single thread on a small machine.
        ExecutorService waiting = Executors.newFixedThreadPool(processes.size());
        try {
            List<CompletableFuture<Void>> ready = processes.stream()
                    .map(process -> CompletableFuture.runAsync(() -> {
                        process.awaitReady(properties.services().readyTimeout(), platform::isStopping);
                        log.info("{} is ready ({} s)", process.name(),
                                String.format("%.1f", (System.nanoTime() - begin) / 1e9));
                    }, waiting))
                    .toList();
            // The first failure ends the wait; the others are cancelled when the caller stops the platform.
            CompletableFuture<Void> firstFailure = new CompletableFuture<>();
            ready.forEach(future -> future.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    firstFailure.completeExceptionally(failure);
                }
            }));
            CompletableFuture.anyOf(CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)), firstFailure).join();
        } catch (CompletionException e) {
            Throwable cause = e;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException runtime ? runtime : e;
        } finally {
            waiting.shutdown();
        }
    }

    private List<String> command(Service service) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : properties.services().javaOptions().trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(service.jar(properties.homeDirectory()).toString());
        return command;
    }

    private void checkJars(Path home) {
        List<String> missing = new ArrayList<>();
        for (Service service : Service.values()) {
            if (!Files.isRegularFile(service.jar(home))) {
                missing.add(service.jar(home).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new LaunchException("the services are not built: " + String.join(", ", missing)
                    + " missing. Run scripts/run-local.sh, which builds them, or ./mvnw -DskipTests -pl backend,worker,edge,local -am package");
        }
    }

    private void checkServicePortsFree() {
        for (Service service : Service.values()) {
            int port = service.port(properties.ports());
            if (LocalPorts.isListening(port, 500)) {
                throw new LaunchException("port " + port + " for the " + service + " is in use (another Reelport still running?"
                        + " Stop it, or set " + service.module().toUpperCase() + "_PORT)");
            }
        }
    }

    private static void createPrivateDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new LaunchException("cannot create " + directory + ": " + e.getMessage(), e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
