package io.reelport.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The environment variables a service reads: every {@code ${ENV_NAME...}} placeholder in its
 * {@code src/main/resources/application*.yml} (and {@code .properties}), and every
 * {@code System.getenv("NAME")} in its main code or common's.
 */
public final class ServiceConfiguration {

    /** Placeholders that name environment variables: upper case, as DESIGN.md names them. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern GETENV = Pattern.compile("getenv\\(\\s*\"([A-Za-z0-9_]+)\"\\s*\\)");

    private ServiceConfiguration() {
    }

    /** Modules that have a Spring configuration file, i.e. that run as a service. */
    public static Set<String> modulesWithConfiguration() throws IOException {
        Set<String> modules = new TreeSet<>();
        try (Stream<Path> children = Files.list(RepositoryRoot.path())) {
            for (Path module : children.filter(Files::isDirectory).toList()) {
                if (!configurationFiles(module).isEmpty()) {
                    modules.add(module.getFileName().toString());
                }
            }
        }
        return modules;
    }

    /** Variables named by placeholders in the module's configuration files. */
    public static Set<String> placeholderVariables(String module) throws IOException {
        Set<String> variables = new TreeSet<>();
        for (Path file : configurationFiles(RepositoryRoot.resolve(module))) {
            String text = Files.readString(file);
            if (file.toString().endsWith(".properties")) {
                Properties properties = new Properties();
                properties.load(new StringReader(text));
                properties.forEach((key, value) -> collect(key + "=" + value, variables));
            } else {
                // Parsed, so that a placeholder in a comment does not count.
                for (Object document : new Yaml().loadAll(text)) {
                    collectScalars(document, variables);
                }
            }
        }
        return variables;
    }

    /** Variables read with System.getenv in the module's main code or in common's. */
    public static Set<String> getenvVariables(String module) throws IOException {
        Set<String> variables = new TreeSet<>();
        for (String source : List.of(module, "common")) {
            Path main = RepositoryRoot.resolve(source).resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    Matcher matcher = GETENV.matcher(Files.readString(file));
                    while (matcher.find()) {
                        variables.add(matcher.group(1));
                    }
                }
            }
        }
        return variables;
    }

    private static List<Path> configurationFiles(Path module) {
        Path resources = module.resolve("src/main/resources");
        if (!Files.isDirectory(resources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(resources)) {
            return files.filter(path -> path.getFileName().toString().matches("application.*\\.(yml|yaml|properties)"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectScalars(Object node, Set<String> variables) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                collectScalars(key, variables);
                collectScalars(value, variables);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectScalars(item, variables));
        } else if (node != null) {
            collect(node.toString(), variables);
        }
    }

    private static void collect(String text, Set<String> variables) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
    }
}
