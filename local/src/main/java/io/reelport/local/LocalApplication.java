package io.reelport.local;

import io.reelport.local.platform.RunningPlatform;
import io.reelport.local.platform.StartingPlatform;
import io.reelport.local.services.ServiceProcess;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/**
 * The local runner: {@code scripts/run-local.sh} builds the services and starts this.
 *
 * <p>Spring Boot only binds and validates the settings ({@link LocalProperties}); the platform is
 * plain processes. The launcher stays in the foreground until Ctrl-C (or SIGTERM), then stops
 * everything in order and exits 0. It exits 1 when the platform cannot start or a service stops on
 * its own, after stopping the rest.
 */
// Settings only: no auto-configuration, no component scan; the platform is plain objects.
@SpringBootConfiguration
@EnableConfigurationProperties(LocalProperties.class)
public class LocalApplication {

    private static final Logger log = LoggerFactory.getLogger(LocalApplication.class);

    public static void main(String[] args) {
        LocalProperties properties;
        try (ConfigurableApplicationContext context = SpringApplication.run(LocalApplication.class, args)) {
            properties = context.getBean(LocalProperties.class);
        } catch (RuntimeException e) {
            log.error("Cannot start: {}", rootMessage(e));
            System.exit(2);
            return;
        }
        System.exit(run(properties));
    }

    static int run(LocalProperties properties) {
        AtomicReference<RunningPlatform> platform = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            RunningPlatform running = platform.get();
            if (running != null) {
                running.stop();
            }
        }, "reelport-local-stop"));
        // Ctrl-C and SIGTERM are how a user stops the platform: a normal end, so exit status 0
        // rather than the JVM's 130 or 143. Shutdown hooks run either way. sun.misc.Signal is one
        // of the internal APIs JEP 260 keeps accessible (jdk.unsupported) for exactly this.
        AtomicBoolean stopRequested = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                stopRequested.set(true);
                System.exit(0);
            });
        }

        StartingPlatform.Started started;
        try {
            started = new StartingPlatform(properties, System.getenv(), line -> log.warn("{}", line)).start(platform::set);
        } catch (LaunchException e) {
            if (!stopRequested.get()) { // else: the user stopped it while it was starting
                log.error("Reelport did not start: {}", e.getMessage());
            }
            return 1;
        }
        System.out.print(started.briefing().text());
        System.out.flush();
        try {
            ServiceProcess exited = started.platform().awaitUnexpectedExit();
            log.error("{} stopped on its own (exit code {}); stopping the rest. See {}", exited.name(),
                    exited.onExit().join().exitValue(), exited.logFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started.platform().stop();
        return 1;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
