package dev.chorus.interfaces.web;

import dev.chorus.testing.Prerequisites;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium browsers on one board, for the page's browser tests: Debian's {@code chromium} and
 * {@code chromium-driver}, launched with {@code --headless --no-sandbox --disable-gpu
 * --disable-background-networking}. Every browser gets its own simulated client address
 * ({@code X-Forwarded-For}, set through the DevTools protocol), so that four tabs are four clients for the
 * per-client rate limit; the server under test must trust loopback as a proxy.
 *
 * <p>DOM hooks used (see docs/page.md): {@code body[data-ready]}, {@code #username},
 * {@code #message-input}, {@code #post-error[data-status]}, {@code #post-status},
 * {@code #stream li[data-testid=message][data-id][data-username][data-type][data-own][data-reply-to]},
 * {@code [data-testid=message-text]}.
 */
public final class Browsers {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);

    /**
     * Selenium warns that it has no DevTools bindings for this Chromium version; the tests only use
     * the raw {@code executeCdpCommand}, which needs none. Kept in a field so the setting sticks.
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private final String baseUrl;
    private final List<ChromeDriver> drivers = new CopyOnWriteArrayList<>();
    private final List<Path> profiles = new CopyOnWriteArrayList<>();

    public Browsers(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** Skips the calling test class, with a message, where Chromium or its driver is not installed. */
    public static void assumeInstalled() {
        Prerequisites.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                () -> "Browser tests skipped: Chromium is not installed. Install it with: "
                        + "apt-get install -y chromium chromium-driver");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    String baseUrl() {
        return baseUrl;
    }

    public ChromeDriver newBrowser() {
        return newBrowser(1280, 900);
    }

    ChromeDriver newBrowser(int width, int height) {
        Path profile;
        try {
            profile = Files.createTempDirectory("chorus-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("webdriver.chrome.driver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        // One simulated client address per browser (see class comment).
        String address = "10." + ThreadLocalRandom.current().nextInt(1, 255) + "."
                + ThreadLocalRandom.current().nextInt(0, 256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-Forwarded-For", address)));
        return driver;
    }

    /** Loads the page (with an optional "#..." view) and waits until its history is loaded. */
    public ChromeDriver openBoard(ChromeDriver driver, String hash) {
        driver.get("about:blank"); // a fresh load even when only the hash differs
        driver.get(baseUrl + "/" + hash);
        new WebDriverWait(driver, WAIT)
                .withMessage("the page did not load its history (body[data-ready=true])")
                .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        return driver;
    }

    /** Quits every browser and deletes the profiles. */
    public void closeAll() {
        for (WebDriver d : drivers) {
            try {
                d.quit();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        drivers.clear();
        for (Path p : profiles) {
            deleteRecursively(p);
        }
        profiles.clear();
    }

    public static void setUsername(ChromeDriver driver, String name) {
        WebElement field = driver.findElement(By.id("username"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), name);
        new WebDriverWait(driver, WAIT).until(d -> name.equals(field.getAttribute("value")));
        assertFalse(driver.findElement(By.id("identity-error")).isDisplayed(), "name accepted");
    }

    /** Types text, presses Enter and waits until the server accepted it (fails with the page's error text). */
    public static void post(ChromeDriver driver, String text) {
        driver.findElement(By.id("message-input")).sendKeys(text, Keys.ENTER);
        waitUntilSettled(driver);
        if (isPostErrorShown(driver)) {
            fail("post refused: " + driver.findElement(By.id("post-error")).getText());
        }
    }

    /** Waits until the post in flight is answered: the box cleared (2xx) or an error is shown. */
    static void waitUntilSettled(ChromeDriver driver) {
        new WebDriverWait(driver, WAIT)
                .withMessage("post neither accepted nor refused")
                .until(d -> isPostErrorShown(driver)
                        || (Boolean) driver.executeScript(
                                "const i = document.getElementById('message-input');"
                                        + "return i.value === '' && !i.readOnly;"));
    }

    static boolean isPostErrorShown(ChromeDriver driver) {
        return driver.findElement(By.id("post-error")).isDisplayed();
    }

    public static WebElement waitForMessage(ChromeDriver driver, String text) {
        return new WebDriverWait(driver, WAIT)
                .withMessage("message not shown: " + text)
                .until(d -> {
                    for (WebElement li : d.findElements(By.cssSelector("#stream li[data-testid='message']"))) {
                        if (text.equals(li.findElement(By.cssSelector("[data-testid='message-text']")).getText())) {
                            return li;
                        }
                    }
                    return null;
                });
    }

    /** The stream as the page shows it, read in one script call (fast, and no stale elements). */
    @SuppressWarnings("unchecked")
    static List<Map<String, String>> messages(ChromeDriver driver) {
        return (List<Map<String, String>>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#stream li[data-testid=\"message\"]')).map(li => ({"
                        + " id: li.dataset.id, timestamp: li.dataset.timestamp, username: li.dataset.username,"
                        + " type: li.dataset.type,"
                        + " text: li.querySelector('[data-testid=\"message-text\"]').textContent }));");
    }

    static List<String> texts(ChromeDriver driver) {
        return messages(driver).stream().map(m -> m.get("text")).collect(Collectors.toList());
    }

    static Set<String> missing(ChromeDriver driver, Set<String> expected) {
        Set<String> left = new HashSet<>(expected);
        left.removeAll(texts(driver));
        return left;
    }

    /** The transport the page says it uses (body[data-transport]: sse or polling), if it says. */
    static String transport(ChromeDriver driver) {
        return (String) driver.executeScript("return document.body.dataset.transport || '';");
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Chromium may still be writing; temp dirs are cleaned by the OS eventually
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
