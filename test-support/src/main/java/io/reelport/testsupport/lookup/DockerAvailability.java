package io.reelport.testsupport.lookup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * Whether Testcontainers can start containers here, asked only when a lookup reaches the
 * Testcontainers step, and at most once per JVM.
 *
 * <p>Testcontainers' own probe walks several strategies and can take seconds when there is no
 * daemon (and logs a page of errors doing it). So before asking it, this checks the cheap signs of
 * a Docker-compatible engine: {@code DOCKER_HOST}, a {@code docker.host} in
 * {@code ~/.testcontainers.properties}, or one of the sockets that Docker Engine, Docker Desktop,
 * Colima, Rancher Desktop, OrbStack and Podman create. With none of them there is nothing to find.
 */
public final class DockerAvailability {

    private static final FoundOnce<Boolean> AVAILABLE = new FoundOnce<>(DockerAvailability::probe);

    private DockerAvailability() {
    }

    public static boolean isAvailable() {
        return AVAILABLE.get();
    }

    private static Boolean probe() {
        if (!hasSignOfDocker()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError unusable) {
            return false;
        }
    }

    private static boolean hasSignOfDocker() {
        if (TestEnvironment.get("DOCKER_HOST").isPresent()) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        if (Files.isRegularFile(home.resolve(".testcontainers.properties"))) {
            return true;
        }
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/default/docker.sock"),
                home.resolve(".colima/docker.sock"),
                home.resolve(".rd/docker.sock"),
                home.resolve(".orbstack/run/docker.sock")));
        // Rootless Docker and Podman put their sockets in the user's runtime directory.
        Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR")).ifPresent(runtimeDir -> {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, "podman", "podman.sock"));
        });
        return sockets.stream().anyMatch(Files::exists);
    }
}
