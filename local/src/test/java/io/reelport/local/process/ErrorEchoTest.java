package io.reelport.local.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorEchoTest {

    static final String ERROR = "2026-11-26T01:00:25.004Z ERROR 674 --- [reelport-worker] [job-1] i.r.worker.job.Transcoding               : ffmpeg exited with 1";
    static final String INFO = "2026-11-26T01:00:25.004Z  INFO 674 --- [reelport-worker] [main] o.s.boot.SpringApplication : Started";

    @TempDir
    Path directory;

    @Test
    void summarisesErrorLinesOfSpringBootsFormat() {
        assertThat(ErrorEcho.errorSummary(ERROR)).isEqualTo("ERROR i.r.worker.job.Transcoding: ffmpeg exited with 1");
        assertThat(ErrorEcho.errorSummary(INFO)).isNull();
        assertThat(ErrorEcho.errorSummary("\tat io.reelport.worker.Something(Something.java:1)")).isNull();
        assertThat(ErrorEcho.errorSummary(ERROR.replace("ffmpeg exited with 1", "x".repeat(500))))
                .hasSize("ERROR i.r.worker.job.Transcoding: ".length() + 200 + 3).endsWith("...");
    }

    @Test
    void echoesErrorsWrittenAfterItStartedFollowingWithTheServicesName() throws Exception {
        Path log = directory.resolve("worker.log");
        Files.writeString(log, ERROR.replace("ffmpeg", "an old error") + "\n");
        List<String> console = new CopyOnWriteArrayList<>();
        try (ErrorEcho echo = new ErrorEcho(console::add)) {
            echo.follow("worker", log);

            append(log, INFO + "\n" + ERROR + "\n\tat a.B(B.java:1)\n" + ERROR.substring(0, 40));
            await().atMost(Duration.ofSeconds(5)).until(() -> !console.isEmpty());
            append(log, ERROR.substring(40) + "\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> console.size() == 2);
        }
        assertThat(console).containsExactly(
                "[worker] ERROR i.r.worker.job.Transcoding: ffmpeg exited with 1",
                "[worker] ERROR i.r.worker.job.Transcoding: ffmpeg exited with 1");
    }

    @Test
    void keepsTheLogOfThePreviousRun() throws Exception {
        LogFiles logs = new LogFiles(directory.resolve("logs"));
        Path first = logs.startNew("backend");
        Files.writeString(first, "first run\n");

        Path second = logs.startNew("backend");

        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(second)).isEmpty();
        assertThat(Files.readString(directory.resolve("logs/backend.log.1"))).isEqualTo("first run\n");
        assertThat(LogFiles.tail(directory.resolve("logs/backend.log.1"), 5)).isEqualTo("first run");
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
