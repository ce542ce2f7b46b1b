package io.reelport.deploy.secrets;

import io.reelport.deploy.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs scripts/generate-secrets.sh with bash in a working directory, as an operator would. */
final class SecretsScript {

    static final Path SCRIPT = RepositoryRoot.resolve("scripts/generate-secrets.sh");

    private final Path workingDirectory;

    SecretsScript(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile(workingDirectory, "stdout", ".txt");
        Path stderr = Files.createTempFile(workingDirectory, "stderr", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("generate-secrets.sh " + arguments + " did not finish in 30 s");
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** KEY=value lines of an env file, in order; comments and blank lines skipped. */
    static Map<String, String> readEnv(Path file) throws IOException {
        return parseEnv(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Map<String, String> parseEnv(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 1) {
                throw new AssertionError("not a KEY=value line: " + line);
            }
            values.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return values;
    }
}
