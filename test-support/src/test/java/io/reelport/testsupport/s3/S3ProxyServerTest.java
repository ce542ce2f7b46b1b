package io.reelport.testsupport.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelport.common.storage.S3Clients;
import io.reelport.common.storage.StorageProperties;
import io.reelport.testsupport.lookup.LocalPorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The s3proxy child process: it can be stopped and started again, and it never outlives its parent. */
class S3ProxyServerTest {

    private static final StorageProperties.Buckets BUCKETS = new StorageProperties.Buckets("staging", "masters", "previews");

    @Test
    void stopAndStartKeepPortCredentialsAndData() {
        try (S3ProxyServer server = S3ProxyServer.startTemporary()) {
            StorageProperties storage = server.endpoint().storage(BUCKETS);
            try (S3Client s3 = S3Clients.client(storage)) {
                s3.createBucket(request -> request.bucket("previews"));
                s3.putObject(request -> request.bucket("previews").key("previews/a/v/manifest.json").contentType("application/json"),
                        RequestBody.fromString("{\"complete\":true}"));

                server.stop();

                assertThat(server.isRunning()).isFalse();
                assertThat(LocalPorts.isListening(server.settings().port(), 500)).as("port after stop").isFalse();
                assertThatThrownBy(() -> s3.headObject(request -> request.bucket("previews").key("previews/a/v/manifest.json")))
                        .isInstanceOf(SdkClientException.class);

                server.start();

                assertThat(server.endpoint().storage(BUCKETS)).isEqualTo(storage);
                var stored = s3.getObjectAsBytes(request -> request.bucket("previews").key("previews/a/v/manifest.json"));
                assertThat(stored.asUtf8String()).isEqualTo("{\"complete\":true}");
                assertThat(stored.response().contentType()).isEqualTo("application/json");
            }
        }
    }

    @Test
    void theChildProcessEndsWhenStopped() {
        try (S3ProxyServer server = S3ProxyServer.startTemporary()) {
            long pid = server.pid();
            assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);

            server.stop();

            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("s3proxy process %s after stop", pid).isEmpty();
        }
    }

    @Test
    void theChildProcessEndsWhenItsParentIsKilled() throws Exception {
        // A parent JVM that starts s3proxy, reports the child's pid, then waits to be killed.
        Process parent = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                S3ProxyParent.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long childPid;
        int port;
        Path dataDirectory;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            String[] started = awaitLine(lines, "STARTED ").split(" ", 4);
            childPid = Long.parseLong(started[1]);
            port = Integer.parseInt(started[2]);
            dataDirectory = Path.of(started[3]);
            assertThat(ProcessHandle.of(childPid)).get().matches(ProcessHandle::isAlive);
        } finally {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
        }
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (child.filter(ProcessHandle::isAlive).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(child.filter(ProcessHandle::isAlive)).as("s3proxy %s after its parent was killed", childPid).isEmpty();
            assertThat(LocalPorts.isListening(port, 500)).isFalse();
        } finally {
            child.ifPresent(ProcessHandle::destroyForcibly); // so a failure here leaves no orphan behind
            // The killed parent could not delete its temporary data; it is this test's to remove.
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String awaitLine(BufferedReader lines, String prefix) throws Exception {
        List<String> seen = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.add(line);
        }
        throw new AssertionError("the parent JVM ended without printing " + prefix + "; it printed " + seen);
    }
}
