package io.reelport.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** A DigitalOcean App Platform spec as the tests read it: its components and their environment variables. */
public record AppSpec(Map<String, Object> document) {

    public static final Path PRODUCTION = RepositoryRoot.resolve("deploy/do-app-production.yaml");

    public static AppSpec load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static AppSpec parse(String yaml) {
        return new AppSpec(new Yaml().load(yaml));
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) document.get(key);
    }

    /** One entry of a component's {@code envs}. */
    public record Env(String key, String type, String scope, String value) {
    }

    /** A service, worker or job. */
    public record Component(String kind, String name, Map<String, Object> spec, List<Env> envs) {

        public Map<String, Env> envsByKey() {
            Map<String, Env> byKey = new LinkedHashMap<>();
            envs.forEach(env -> {
                if (byKey.put(env.key(), env) != null) {
                    throw new AssertionError(name + " lists " + env.key() + " twice");
                }
            });
            return byKey;
        }
    }

    @SuppressWarnings("unchecked")
    public List<Component> components() {
        List<Component> components = new ArrayList<>();
        for (String kind : List.of("services", "workers", "jobs")) {
            for (Map<String, Object> component : (List<Map<String, Object>>) document.getOrDefault(kind, List.of())) {
                List<Env> envs = new ArrayList<>();
                for (Map<String, Object> env : (List<Map<String, Object>>) component.getOrDefault("envs", List.of())) {
                    envs.add(new Env((String) env.get("key"), (String) env.get("type"), (String) env.get("scope"),
                            (String) env.get("value")));
                }
                components.add(new Component(kind, (String) component.get("name"), component, envs));
            }
        }
        return components;
    }

    public Component component(String name) {
        return components().stream().filter(component -> component.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the spec has no component " + name));
    }

    /** Component name to (key to value). */
    public Map<String, Map<String, String>> values() {
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        for (Component component : components()) {
            Map<String, String> envs = new LinkedHashMap<>();
            component.envs().forEach(env -> envs.put(env.key(), env.value()));
            values.put(component.name(), envs);
        }
        return values;
    }

    /** The whole document with every env value blanked: what must not change when values are filled in. */
    public Object withoutValues() {
        return blankValues(new Yaml().load(new Yaml().dump(document)), false);
    }

    @SuppressWarnings("unchecked")
    private static Object blankValues(Object node, boolean inEnvs) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> copy.put(key,
                    inEnvs && key.equals("value") ? "" : blankValues(value, key.equals("envs"))));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(blankValues(item, inEnvs)));
            return copy;
        }
        return node;
    }
}
