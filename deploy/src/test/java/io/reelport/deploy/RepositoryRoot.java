package io.reelport.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout these tests read: found by walking up from the module directory Maven runs them in. */
public final class RepositoryRoot {

    private static final Path ROOT = find();

    private RepositoryRoot() {
    }

    public static Path path() {
        return ROOT;
    }

    public static Path resolve(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(dir.resolve("deploy/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Reelport checkout above " + Path.of("").toAbsolutePath());
    }
}
