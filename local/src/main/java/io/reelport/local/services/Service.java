package io.reelport.local.services;

import io.reelport.local.LocalProperties;
import java.nio.file.Path;

/** The three services the launcher runs, each from the Boot jar its module builds. */
public enum Service {
    BACKEND("backend"),
    WORKER("worker"),
    EDGE("edge");

    private final String module;

    Service(String module) {
        this.module = module;
    }

    /** The module folder, also the name used in logs and on the console. */
    public String module() {
        return module;
    }

    /** {@code {home}/{module}/target/reelport-{module}.jar}, as {@code ./mvnw package} leaves it. */
    public Path jar(Path home) {
        return home.resolve(module).resolve("target").resolve("reelport-" + module + ".jar");
    }

    public int port(LocalProperties.Ports ports) {
        return switch (this) {
            case BACKEND -> ports.backend();
            case WORKER -> ports.worker();
            case EDGE -> ports.edge();
        };
    }

    @Override
    public String toString() {
        return module;
    }
}
