package io.reelport.local.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reelport.local.LaunchException;
import io.reelport.local.LocalProperties;
import io.reelport.local.process.LogFiles;
import io.reelport.testsupport.lookup.LocalPorts;
import io.reelport.testsupport.redis.TestRedis;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingRedisTest {

    @TempDir
    Path directory;

    FindingRedis finding(LocalProperties.Redis settings) {
        return new FindingRedis(settings, directory.resolve("redis"), directory.resolve("bin"), new LogFiles(directory.resolve("logs")));
    }

    @Test
    void aGivenRedisUrlIsTheOnlyCandidate() {
        Found<String> found = finding(new LocalProperties.Redis(TestRedis.url(), "reelport", 6379, 16379)).find();

        assertThat(found.value()).isEqualTo(TestRedis.url());
        assertThat(found.started()).isEmpty();
    }

    @Test
    void aGivenRedisUrlThatDoesNotAnswerStopsTheLauncherRatherThanFallingBack() {
        int nothingThere = LocalPorts.free();

        assertThatThrownBy(() -> finding(new LocalProperties.Redis("redis://127.0.0.1:" + nothingThere, "reelport", 6379, 16379)).find())
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("REDIS_URL (127.0.0.1:" + nothingThere + ") does not answer");
    }

    @Test
    void aServerAnsweringOnTheLocalPortIsUsed() {
        URI test = URI.create(TestRedis.url());
        assertThat(test.getHost()).as("the test Redis is on this machine").isEqualTo("127.0.0.1");

        Found<String> found = finding(new LocalProperties.Redis("", "rpt-ns", test.getPort(), 16379)).find();

        assertThat(found.value()).isEqualTo("redis://127.0.0.1:" + test.getPort());
        assertThat(found.description()).isEqualTo("local server 127.0.0.1:" + test.getPort() + ", namespace rpt-ns");
        assertThat(found.started()).isEmpty();
    }

    @Test
    void withNothingOnTheLocalPortEmbeddedRedisKeepsItsDataAcrossRestarts() throws Exception {
        int port = LocalPorts.free();
        LocalProperties.Redis settings = new LocalProperties.Redis("", "reelport", LocalPorts.free(), port);

        Found<String> first = finding(settings).find();
        try {
            assertThat(first.value()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(first.description()).startsWith("embedded Redis 127.0.0.1:" + port);
            withRedis(first.value(), redis -> redis.sync().xadd("reelport:jobs", "v", "1"));
        } finally {
            first.started().orElseThrow().stop();
        }
        assertThat(LocalPorts.isListening(port, 500)).isFalse();
        assertThat(Files.list(directory.resolve("redis")).map(path -> path.getFileName().toString()))
                .anyMatch(name -> name.startsWith("appendonly"));

        Found<String> second = finding(settings).find();
        try {
            Long length = withRedis(second.value(), redis -> redis.sync().xlen("reelport:jobs"));
            assertThat(length).isEqualTo(1L);
            assertThat(second.started().orElseThrow().pid()).isPresent();
        } finally {
            second.started().orElseThrow().stop();
        }
    }

    @Test
    void embeddedRedisRefusesAPortSomethingElseHolds() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            LocalProperties.Redis settings = new LocalProperties.Redis("", "reelport", 0, taken.getLocalPort());

            assertThatThrownBy(() -> finding(settings).find())
                    .isInstanceOf(LaunchException.class)
                    .hasMessage("cannot start embedded Redis: something else listens on 127.0.0.1:" + taken.getLocalPort()
                            + " (set LOCAL_REDIS_PORT, or REDIS_URL to use a server of yours)");
        }
    }

    static <T> T withRedis(String url, Function<StatefulRedisConnection<String, String>, T> action) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
