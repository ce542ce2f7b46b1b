package io.reelport.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.storage.StorageProperties;
import io.reelport.local.LaunchException;
import io.reelport.local.LocalProperties;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher checks before it starts anything (RunningTheLocalPlatformTest starts everything). */
class StartingPlatformTest {

    /** The repository root: Surefire runs in local/. */
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    LocalProperties properties(Path home, int backendPort) {
        return new LocalProperties(home.toString(), directory.resolve("data").toString(),
                new LocalProperties.Ports(backendPort, 1, 1),
                new LocalProperties.Postgres("", "reelport", 5432, 15432),
                new LocalProperties.Redis("", "reelport", 6379, 16379),
                new LocalProperties.Storage(null, "us-east-1", "", "", true, 9000,
                        new StorageProperties.Buckets("a", "b", "c")),
                new LocalProperties.Services("127.0.0.1", "", Duration.ofMinutes(1), Duration.ofSeconds(5), "", "open"));
    }

    @Test
    void servicesThatAreNotBuiltAreNamedWithTheCommandThatBuildsThem() {
        StartingPlatform starting = new StartingPlatform(properties(directory, 8080), Map.of(), line -> { });

        assertThatThrownBy(() -> starting.start(platform -> { }))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining(directory.resolve("backend/target/reelport-backend.jar").toString())
                .hasMessageContaining(directory.resolve("edge/target/reelport-edge.jar").toString())
                .hasMessageContaining("./mvnw -DskipTests -pl backend,worker,edge,local -am package");
        assertThat(directory.resolve("data")).doesNotExist();
    }

    @Test
    void aServicePortInUseIsNamedWithTheVariableThatMovesIt() throws Exception {
        assertThat(REPOSITORY.resolve("backend/target/reelport-backend.jar"))
                .as("the service jars (./mvnw verify packages them before this module)").exists();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StartingPlatform starting = new StartingPlatform(properties(REPOSITORY, taken.getLocalPort()), Map.of(), line -> { });

            assertThatThrownBy(() -> starting.start(platform -> { }))
                    .isInstanceOf(LaunchException.class)
                    .hasMessage("port " + taken.getLocalPort() + " for the backend is in use (another Reelport still running?"
                            + " Stop it, or set BACKEND_PORT)");
        }
        assertThat(Files.exists(directory.resolve("data"))).isFalse();
    }
}
