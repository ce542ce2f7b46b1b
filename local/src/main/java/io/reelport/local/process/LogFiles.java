package io.reelport.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The log files under {@code .reelport/logs/}: one per child process, {@code {name}.log} for this
 * run and {@code {name}.log.1} for the previous one, so a restart after a failure keeps the log that
 * shows it and the folder never grows.
 */
public final class LogFiles {

    private final Path directory;

    public LogFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** {@code name}'s log for this run: the previous run's is kept as {@code name.log.1}. */
    public Path startNew(String name) {
        Path log = directory.resolve(name + ".log");
        try {
            Files.createDirectories(directory);
            if (Files.exists(log)) {
                Files.move(log, directory.resolve(name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createFile(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log + ": " + e.getMessage(), e);
        }
        return log;
    }

    /** The last {@code lines} lines of {@code file}, for a failure message. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
