package io.reelport.local.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts child processes in a session of their own ({@code setsid}), away from the terminal's
 * process group.
 *
 * <p>Ctrl-C sends SIGINT to every process of the terminal's foreground group at once. If the
 * services and the embedded Redis and PostgreSQL were in it, they would all stop at the same
 * moment, and a service still finishing requests would lose its database under it. Detached, only
 * the launcher gets the signal and stops them in order: services first, then what they use.
 * The launcher's {@link ProcessGuard} stops them if the launcher itself dies.
 *
 * <p>{@code setsid} execs the command in the same process (the child is never a process group
 * leader, so it need not fork): the {@link Process} is the command itself, and, as a session
 * leader, its pid is also the id of the group its own children (ffmpeg) join. Where there is no
 * {@code setsid} (macOS), commands start as ordinary children.
 */
public final class Detached {

    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();

    private Detached() {
    }

    /** A builder for {@code command}, prefixed with {@code setsid} where there is one. */
    public static ProcessBuilder processBuilder(List<String> command) {
        List<String> full = new ArrayList<>();
        SETSID.ifPresent(setsid -> full.add(setsid.toString()));
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** Whether processes started here lead a process group of their own. */
    public static boolean leadsOwnGroup() {
        return SETSID.isPresent();
    }
}
