package pricefeed.server.web;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver with a throwaway profile. Both
 * binaries are given explicitly, so Selenium Manager never runs and nothing is downloaded. Close it in
 * {@code @AfterEach}: it quits the browser and deletes the profile.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final int WIDTH = 1400;
    static final int HEIGHT = 900;

    // We run as root in a container without network: no sandbox, no GPU, no /dev/shm, and nothing that
    // would phone home (QUIC, component updates, sync) or wait for a first-run dialog.
    private static final List<String> FLAGS = List.of(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=" + WIDTH + "," + HEIGHT);

    // Selenium looks for a DevTools (CDP) module matching the browser and warns when there is none; we
    // left those modules out on purpose (WebDriver is all we use). A held reference keeps the level.
    private static final Logger CDP_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test, with the reason, when the browser or its driver is not installed. */
    static void assumeInstalled() {
        for (Path binary : List.of(BROWSER, DRIVER)) {
            assumeTrue(Files.isExecutable(binary), binary + " is missing: install Debian's chromium and"
                    + " chromium-driver (.ci/run does) to run the browser tests");
        }
    }

    /**
     * Starts the browser on a fresh profile.
     *
     * @return the running browser
     */
    static HeadlessChromium start() throws IOException {
        Path profile = Files.createTempDirectory("pricefeed-chromium-");
        try {
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            ChromeOptions options = new ChromeOptions()
                    .setBinary(BROWSER.toFile())
                    .addArguments(FLAGS)
                    .addArguments("--user-data-dir=" + profile);
            options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                fitViewport(driver);
            } catch (RuntimeException e) {
                driver.quit();
                throw e;
            }
            return new HeadlessChromium(driver, profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    /**
     * {@code --window-size} sizes the outer window, and headless Chromium still keeps room for a toolbar
     * in it; the page (and so the screenshot) is made exactly {@link #WIDTH} x {@link #HEIGHT}.
     */
    private static void fitViewport(ChromeDriver driver) {
        List<?> inner = (List<?>) driver.executeScript("return [window.innerWidth, window.innerHeight];");
        int width = ((Number) inner.get(0)).intValue();
        int height = ((Number) inner.get(1)).intValue();
        Dimension outer = driver.manage().window().getSize();
        driver.manage().window().setSize(
                new Dimension(outer.getWidth() + WIDTH - width, outer.getHeight() + HEIGHT - height));
    }

    /** @return the WebDriver */
    ChromeDriver driver() {
        return driver;
    }

    /** @return console entries logged since the previous call (Chromium hands each one out once) */
    List<LogEntry> drainConsole() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /**
     * Runs a script in every document loaded from now on, before the document's own scripts (through
     * chromedriver's CDP passthrough, which needs no DevTools module).
     *
     * @param script JavaScript source
     */
    void beforePageScripts(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /**
     * Saves what the window shows as PNG.
     *
     * @param file where to write it; its directory is created if needed
     */
    void screenshot(Path file) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the browser profile " + root, e);
        }
    }
}
