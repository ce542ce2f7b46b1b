package io.reelport.local.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real browser playing Reelport's HLS with hls.js: Debian's headless Chromium (which plays
 * H.264 and AAC through Media Source Extensions) driven by Selenium through Debian's chromedriver,
 * on the {@link HlsJsPage}. Never skipped: without Chromium it fails, saying what to install.
 */
final class BrowserPlayer implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--autoplay-policy=no-user-gesture-required");

    private final ChromeDriver driver;

    private BrowserPlayer(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Chromium on the page, its chromedriver's log in {@code driverLog}. */
    static BrowserPlayer open(HlsJsPage page, Path driverLog) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the end-to-end test plays HLS in headless Chromium; "
                        + "install it with `apt-get install chromium chromium-driver` (.ci/run does)");
            }
        }
        LoggingPreferences console = new LoggingPreferences();
        console.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(FLAGS);
        options.setCapability(ChromeOptions.LOGGING_PREFS, console);
        // The driver named explicitly: Selenium Manager would otherwise try to download one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(driverLog.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(page.url().toString());
            return new BrowserPlayer(driver);
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /** Starts playing the master playlist (muted, as autoplay allows) with the thumbnails track attached. */
    void play(String masterPlaylistUrl, String thumbnailsUrl) {
        driver.executeScript("play(arguments[0], arguments[1])", masterPlaylistUrl, thumbnailsUrl);
    }

    /**
     * Switches hls.js to level {@code index} at once (the buffer is flushed and refilled from that
     * level) and plays from the start again, so that every level has the whole clip to show itself.
     */
    void replayAtLevel(int index) {
        driver.executeScript("hls.currentLevel = arguments[0]; video.currentTime = 0; video.play()", index);
    }

    /**
     * What the page saw: {@code levels} (width, height, codecs), {@code fragmentsBuffered} (level, sn),
     * {@code fatalErrors}, {@code otherErrors}, {@code currentTime}, {@code videoHeight}, {@code cues}
     * (of the thumbnails track, -1 until it loads), {@code trackError}.
     */
    JsonNode state() {
        return JSON.readTree((String) driver.executeScript("return state()"));
    }

    /**
     * The state once {@code condition} holds; fails at once on a fatal hls.js error and after
     * {@link #PATIENCE} otherwise, with the page's state and console in the message.
     */
    JsonNode await(String what, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            JsonNode state = state();
            if (!state.path("fatalErrors").isEmpty()) {
                throw new AssertionError("a fatal hls.js error while waiting for " + what + "; " + diagnosis(state));
            }
            if (condition.test(state)) {
                return state;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the browser never got to " + what + " in " + PATIENCE + "; " + diagnosis(state));
            }
            Thread.sleep(200);
        }
    }

    /** For a failure's message; it takes the console's lines from the browser, so call it once. */
    String diagnosis(JsonNode state) {
        String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
                .collect(Collectors.joining("\n  "));
        return "page state " + state + "\nbrowser console:\n  " + console;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
