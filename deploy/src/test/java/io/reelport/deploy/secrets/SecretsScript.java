package io.reelport.deploy.secrets;

import io.reelport.deploy.BashScript;
import io.reelport.deploy.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** scripts/generate-secrets.sh, run in a working directory as an operator would; and its env files. */
final class SecretsScript {

    static final Path SCRIPT = RepositoryRoot.resolve("scripts/generate-secrets.sh");

    private final BashScript script;

    SecretsScript(Path workingDirectory) {
        this.script = new BashScript("scripts/generate-secrets.sh", workingDirectory);
    }

    BashScript.Result run(String... arguments) throws IOException, InterruptedException {
        return script.run(arguments);
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
