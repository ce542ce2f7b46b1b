package io.reelport.local.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows the ERROR lines of the services' logs on the launcher's console, one short line each,
 * prefixed with the service: {@code [worker] ERROR i.r.w.job.Transcoding: ffmpeg exited with 1}.
 * The full output, stack traces included, stays in the log files.
 *
 * <p>The services write their logs to files directly, not through the launcher, so a log is
 * complete even when the launcher is gone; this follows the files instead, like {@code tail -f}.
 */
public final class ErrorEcho implements AutoCloseable {

    /**
     * Spring Boot's console format: {@code 2025-11-26T10:15:30.123Z ERROR 4711 --- [app] [thread] logger : message}.
     * Only the level, the logger and the message matter here.
     */
    static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+ERROR\\s+.*?\\s(\\S+)\\s+:\\s(.*)$");
    private static final int MAX_MESSAGE = 200;
    private static final long POLL_MILLIS = 300;

    private final Map<String, Followed> files = new ConcurrentHashMap<>();
    private final Consumer<String> console;
    private final Thread thread;
    private volatile boolean running = true;

    public ErrorEcho(Consumer<String> console) {
        this.console = console;
        this.thread = new Thread(this::run, "reelport-error-echo");
        thread.setDaemon(true);
        thread.start();
    }

    /** Follows {@code file} from its current end. */
    public void follow(String name, Path file) {
        files.put(name, new Followed(name, file, file.toFile().length()));
    }

    private void run() {
        while (running) {
            files.values().forEach(this::readNewLines);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads what was appended since the last look; a partial last line waits for the next one. */
    void readNewLines(Followed followed) {
        try (RandomAccessFile file = new RandomAccessFile(followed.file.toFile(), "r")) {
            long length = file.length();
            if (length < followed.offset) {
                followed.offset = 0; // truncated or replaced
            }
            if (length == followed.offset) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(length - followed.offset, 1 << 20)];
            file.seek(followed.offset);
            file.readFully(bytes);
            int lineStart = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    echoIfError(followed.name, new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                    lineStart = i + 1;
                }
            }
            followed.offset += lineStart;
        } catch (IOException e) {
            // The file is being rotated or was removed; look again next time.
        }
    }

    private void echoIfError(String name, String line) {
        String shown = errorSummary(line);
        if (shown != null) {
            console.accept("[" + name + "] " + shown);
        }
    }

    /** {@code ERROR logger: message} for an ERROR line of Spring Boot's format, else null. */
    static String errorSummary(String line) {
        Matcher matcher = ERROR_LINE.matcher(line.stripTrailing());
        if (!matcher.matches()) {
            return null;
        }
        String message = matcher.group(2);
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return "ERROR " + matcher.group(1) + ": " + message;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    static final class Followed {
        final String name;
        final Path file;
        long offset;

        Followed(String name, Path file, long offset) {
            this.name = name;
            this.file = file;
            this.offset = offset;
        }
    }
}
