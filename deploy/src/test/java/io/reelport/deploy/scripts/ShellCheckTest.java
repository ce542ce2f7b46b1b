package io.reelport.deploy.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.deploy.RepositoryRoot;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shell script operators and CI run passes ShellCheck. ShellCheck is a Debian package
 * ({@code apt-get install shellcheck}); CI installs it, and without it this test fails saying so
 * rather than passing unchecked.
 */
class ShellCheckTest {

    @Test
    void everyScriptIsShellCheckClean() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=info", "--format=gcc"));
        command.add(RepositoryRoot.resolve(".ci/run").toString());
        try (Stream<Path> scripts = Files.list(RepositoryRoot.resolve("scripts"))) {
            scripts.filter(script -> script.toString().endsWith(".sh")).sorted().map(Path::toString).forEach(command::add);
        }
        assertThat(command).as("scripts found").hasSizeGreaterThanOrEqualTo(8);

        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException notInstalled) {
            throw new AssertionError("shellcheck is not installed: apt-get install shellcheck (CI's .ci/run installs it)", notInstalled);
        }
        String findings = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(findings).as("ShellCheck findings").isEmpty();
        assertThat(process.exitValue()).isZero();
    }
}
