package io.reelport.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the repository's scripts with bash, in a working directory, with no terminal. */
public record BashScript(Path script, Path workingDirectory, Map<String, String> environment) {

    public BashScript(String script, Path workingDirectory) {
        this(RepositoryRoot.resolve(script), workingDirectory, Map.of());
    }

    /** The same script with these environment variables set (a null value removes one). */
    public BashScript withEnvironment(Map<String, String> environment) {
        return new BashScript(script, workingDirectory, environment);
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile("script", ".stdout");
        Path stderr = Files.createTempFile("script", ".stderr");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script.getFileName() + " " + List.of(arguments) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
