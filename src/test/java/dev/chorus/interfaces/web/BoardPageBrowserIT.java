package dev.chorus.interfaces.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board page (src/main/webapp) in a real browser: Debian's headless Chromium driven by Selenium.
 *
 * <p>Needs a running Chorus at {@code -Dchorus.baseUrl=http://host:port} (the lead wires this to the
 * test server). Skips, with a message, when Chromium or its driver is not installed.
 *
 * <p>Every browser gets its own simulated client address ({@code X-Forwarded-For}, set through the
 * DevTools protocol), so that four tabs are four clients for the per-client rate limit. The server
 * under test must therefore trust loopback as a proxy (API.md: "X-Forwarded-For is honoured only
 * from configured proxies").
 *
 * <p>DOM hooks used (see docs/page.md): {@code body[data-ready]}, {@code #username},
 * {@code #message-input}, {@code #post-error[data-status]}, {@code #post-status},
 * {@code #stream li[data-testid=message][data-id][data-username][data-type][data-own][data-reply-to]},
 * {@code [data-testid=message-text]}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoardPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration WAIT_ALL = Duration.ofSeconds(30);
    private static final int RATE_LIMIT = 10; // API.md: 10 posts per 60 s per client address

    /**
     * Selenium warns that it has no DevTools bindings for this Chromium version; the tests only use
     * the raw {@code executeCdpCommand}, which needs none. Kept in a field so the setting sticks.
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private static String baseUrl;

    /** Distinguishes this run's messages from anything already on the board. */
    private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final List<ChromeDriver> drivers = new CopyOnWriteArrayList<>();
    private final List<Path> profiles = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void requireBrowserAndServer() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests skipped: Chromium is not installed. Install it with: "
                        + "apt-get install -y chromium chromium-driver");
        // TODO(lead): replace with the shared test-server helper once it exists.
        baseUrl = System.getProperty("chorus.baseUrl");
        assumeTrue(baseUrl != null && !baseUrl.isBlank(),
                "Browser tests skipped: no server; pass -Dchorus.baseUrl=http://host:port");
        baseUrl = baseUrl.replaceAll("/+$", "");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    @AfterEach
    void closeBrowsers() {
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

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void aPostAppearsInTheStream() {
        ChromeDriver tab = openBoard(newBrowser(), "");
        String name = "it" + run.substring(0, Math.min(6, run.length()));
        setUsername(tab, name);

        String text = "hello from the browser " + run;
        post(tab, text);

        WebElement msg = waitForMessage(tab, text);
        assertEquals(name, msg.getAttribute("data-username"));
        assertEquals("true", msg.getAttribute("data-own"), "own message is marked as own");
        assertEquals("human", msg.getAttribute("data-type"));
        assertTrue(msg.getAttribute("data-id").matches("[A-Za-z0-9_-]{1,64}"), "client-generated id");
        assertEquals("", tab.findElement(By.id("message-input")).getAttribute("value"), "box cleared after 2xx");
        assertFalse(tab.findElement(By.id("post-error")).isDisplayed(), "no error shown");
    }

    @Test
    @Order(2)
    void fourTabsPostingRapidlyAllSeeEveryMessage() throws Exception {
        int tabs = 4;
        int perTab = 5;
        List<ChromeDriver> browsers = parallel(tabs, i -> openBoard(newBrowser(), ""));
        for (int i = 0; i < tabs; i++) {
            setUsername(browsers.get(i), "tab" + i + "-" + run.substring(0, Math.min(4, run.length())));
        }

        Set<String> expected = ConcurrentHashMap.newKeySet();
        parallel(tabs, i -> {
            for (int n = 0; n < perTab; n++) {
                String text = "tab " + i + " message " + n + " " + run;
                post(browsers.get(i), text);
                expected.add(text);
            }
            return null;
        });
        assertEquals(tabs * perTab, expected.size());

        for (int i = 0; i < tabs; i++) {
            ChromeDriver tab = browsers.get(i);
            int index = i;
            new WebDriverWait(tab, WAIT_ALL)
                    .withMessage(() -> "tab " + index + " is missing messages: " + missing(tab, expected))
                    .until(d -> missing(tab, expected).isEmpty());
            List<Map<String, String>> mine = messages(tab).stream()
                    .filter(m -> m.get("text").endsWith(" " + run))
                    .collect(Collectors.toList());
            Set<String> ids = mine.stream().map(m -> m.get("id")).collect(Collectors.toSet());
            assertEquals(tabs * perTab, mine.size(), "tab " + i + " shows each message exactly once");
            assertEquals(tabs * perTab, ids.size(), "tab " + i + ": distinct ids");
            List<Long> stamps = mine.stream().map(m -> Long.parseLong(m.get("timestamp"))).collect(Collectors.toList());
            List<Long> sorted = new ArrayList<>(stamps);
            sorted.sort(Comparator.naturalOrder());
            assertEquals(sorted, stamps, "tab " + i + " shows the stream oldest first");
        }
    }

    @Test
    @Order(3)
    void markupInAMessageIsShownAsText() {
        ChromeDriver tab = openBoard(newBrowser(), "");
        tab.executeScript("window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };");
        String text = "<img src=x onerror=alert(1)> " + run;
        post(tab, text);

        waitForMessage(tab, text); // live path (POST response / stream)
        assertNoMarkupExecuted(tab);
        assertEquals(0L, ((Number) tab.executeScript("return window.__alerts.length;")).longValue(), "alert was called");

        openBoard(tab, ""); // history path
        waitForMessage(tab, text);
        assertNoMarkupExecuted(tab);
    }

    @Test
    @Order(4)
    void aRateLimitedPostShowsTheServersErrorAndIsNotShownAsSent() {
        ChromeDriver tab = openBoard(newBrowser(), "");
        WebElement input = tab.findElement(By.id("message-input"));

        String rejected = null;
        for (int n = 1; n <= RATE_LIMIT + 1 && rejected == null; n++) {
            String text = "rate " + n + " " + run;
            input.sendKeys(text, Keys.ENTER);
            waitUntilSettled(tab);
            if (isPostErrorShown(tab)) {
                rejected = text;
            } else {
                waitForMessage(tab, text);
            }
        }
        assertNotNull(rejected, "no post was refused within " + (RATE_LIMIT + 1) + " posts from one client");

        WebElement error = tab.findElement(By.id("post-error"));
        assertEquals("429", error.getAttribute("data-status"));
        String shown = error.getText();
        assertFalse(shown.isBlank(), "the error is shown");
        assertEquals(rejected, input.getAttribute("value"), "the refused text stays in the box");
        assertFalse(texts(tab).contains(rejected), "the refused post is not in the stream");
        assertFalse("Sent.".equals(tab.findElement(By.id("post-status")).getText()));

        // The text shown is the server's own error text (same client, still limited).
        @SuppressWarnings("unchecked")
        Map<String, Object> direct = (Map<String, Object>) tab.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/comments', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + " body: JSON.stringify({text: 'probe " + run + "', username: 'probe'})})"
                        + ".then(r => r.json().then(b => done({status: r.status, error: b.error})))"
                        + ".catch(e => done({status: -1, error: String(e)}));");
        assertEquals(429L, ((Number) direct.get("status")).longValue());
        assertTrue(shown.startsWith(String.valueOf(direct.get("error"))),
                "page shows the server's text; page: " + shown + " / server: " + direct.get("error"));

        // Not stored either: a fresh load of the history does not contain it.
        openBoard(tab, "");
        assertFalse(texts(tab).contains(rejected), "the refused post was stored");
    }

    /**
     * A persona conversation: the reply appears in the view, other users' messages do not.
     * Needs the bot and a stub LLM behind the server: {@code -Dchorus.personaEntity=<entity id>}.
     */
    @Test
    @Order(5)
    void aPersonaConversationShowsTheReplyAndHidesOtherUsers() {
        String entity = System.getProperty("chorus.personaEntity");
        assumeTrue(entity != null && !entity.isBlank(),
                "Persona browser test skipped: pass -Dchorus.personaEntity=<entity id> (needs the bot and a stub LLM)");
        String suffix = run.substring(0, Math.min(5, run.length()));
        String me = "me" + suffix;
        String bot = "bot" + suffix;

        ChromeDriver other = openBoard(newBrowser(), "");
        setUsername(other, "other" + suffix);
        String otherText = "someone else talking " + run;
        post(other, otherText);
        waitForMessage(other, otherText);

        ChromeDriver tab = openBoard(newBrowser(),
                "#uis=" + me + ":195080200&ais=" + bot + ":255069000&entity=" + entity + "&priority=0&nom=20");
        String text = "hello persona " + run;
        post(tab, text);
        WebElement mine = waitForMessage(tab, text);
        String myId = mine.getAttribute("data-id");

        WebElement reply = new WebDriverWait(tab, Duration.ofSeconds(60))
                .withMessage("no persona reply to " + myId)
                .until(d -> d.findElements(By.cssSelector(
                        "#stream li[data-testid='message'][data-type='AI'][data-reply-to='" + myId + "']"))
                        .stream().findFirst().orElse(null));
        assertEquals(bot, reply.getAttribute("data-username"));
        assertFalse(texts(tab).contains(otherText), "another user's message is shown in the conversation");
        assertTrue(texts(other).contains(otherText));
    }

    // ------------------------------------------------------------------ browser plumbing

    private ChromeDriver newBrowser() {
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
                "--window-size=1280,900",
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
    private static ChromeDriver openBoard(ChromeDriver driver, String hash) {
        driver.get("about:blank"); // a fresh load even when only the hash differs
        driver.get(baseUrl + "/" + hash);
        new WebDriverWait(driver, WAIT)
                .withMessage("the page did not load its history (body[data-ready=true])")
                .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        return driver;
    }

    private static void setUsername(ChromeDriver driver, String name) {
        WebElement field = driver.findElement(By.id("username"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), name);
        new WebDriverWait(driver, WAIT).until(d -> name.equals(field.getAttribute("value")));
        assertFalse(driver.findElement(By.id("identity-error")).isDisplayed(), "name accepted");
    }

    /** Types text, presses Enter and waits until the server accepted it (fails with the page's error text). */
    private static void post(ChromeDriver driver, String text) {
        driver.findElement(By.id("message-input")).sendKeys(text, Keys.ENTER);
        waitUntilSettled(driver);
        if (isPostErrorShown(driver)) {
            fail("post refused: " + driver.findElement(By.id("post-error")).getText());
        }
    }

    /** Waits until the post in flight is answered: the box cleared (2xx) or an error is shown. */
    private static void waitUntilSettled(ChromeDriver driver) {
        new WebDriverWait(driver, WAIT)
                .withMessage("post neither accepted nor refused")
                .until(d -> isPostErrorShown(driver)
                        || (Boolean) driver.executeScript(
                                "const i = document.getElementById('message-input');"
                                        + "return i.value === '' && !i.readOnly;"));
    }

    private static boolean isPostErrorShown(ChromeDriver driver) {
        return driver.findElement(By.id("post-error")).isDisplayed();
    }

    private static WebElement waitForMessage(ChromeDriver driver, String text) {
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
    private static List<Map<String, String>> messages(ChromeDriver driver) {
        return (List<Map<String, String>>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#stream li[data-testid=\"message\"]')).map(li => ({"
                        + " id: li.dataset.id, timestamp: li.dataset.timestamp, username: li.dataset.username,"
                        + " type: li.dataset.type,"
                        + " text: li.querySelector('[data-testid=\"message-text\"]').textContent }));");
    }

    private static List<String> texts(ChromeDriver driver) {
        return messages(driver).stream().map(m -> m.get("text")).collect(Collectors.toList());
    }

    private static Set<String> missing(ChromeDriver driver, Set<String> expected) {
        Set<String> left = new HashSet<>(expected);
        left.removeAll(texts(driver));
        return left;
    }

    private static void assertNoMarkupExecuted(ChromeDriver driver) {
        assertTrue(driver.findElements(By.cssSelector("#stream img")).isEmpty(), "an <img> element was created");
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "an alert is open");
    }

    // ------------------------------------------------------------------ small utilities

    @FunctionalInterface
    private interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs task(0..n-1) on n threads and returns the results in order; rethrows the first failure. */
    private static <T> List<T> parallel(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void deleteRecursively(Path root) {
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
