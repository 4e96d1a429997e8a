package dev.chorus.interfaces.web;

import static dev.chorus.interfaces.web.Browsers.isPostErrorShown;
import static dev.chorus.interfaces.web.Browsers.messages;
import static dev.chorus.interfaces.web.Browsers.missing;
import static dev.chorus.interfaces.web.Browsers.post;
import static dev.chorus.interfaces.web.Browsers.setUsername;
import static dev.chorus.interfaces.web.Browsers.texts;
import static dev.chorus.interfaces.web.Browsers.waitForMessage;
import static dev.chorus.interfaces.web.Browsers.waitUntilSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.ChorusServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import dev.chorus.support.ChorusMembers;
import dev.chorus.support.SharedMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board page (src/main/webapp) in a real browser: Debian's headless Chromium driven by Selenium, against
 * a real Chorus member this class starts (H2, loopback trusted as a proxy so each browser can be its own
 * client through {@code X-Forwarded-For}). Skips, with a message, when Chromium or its driver is not
 * installed. Browser plumbing and DOM hooks: {@link Browsers}. The persona conversation (bot + stub LLM) is in
 * {@link PersonaConversationBrowserIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoardPageBrowserIT {

    private static final Duration WAIT_ALL = Duration.ofSeconds(30);
    private static final int RATE_LIMIT = 10; // docs/api.md: 10 posts per 60 s per client address

    /** Every check filters by this run's own messages: the member is shared (see SharedMembers). */
    @RegisterExtension
    static final ChorusMembers chorus = SharedMembers.readMostly();
    private static ChorusServer server;

    /** Distinguishes this run's messages from anything already on the board. */
    private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private Browsers browsers;

    @BeforeAll
    static void requireBrowserAndStartServer() {
        Browsers.assumeInstalled();
        server = chorus.server();
    }

    @BeforeEach
    void browsers() {
        browsers = new Browsers(server.baseUri().toString());
    }

    @AfterEach
    void closeBrowsers() {
        browsers.closeAll();
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void aPostAppearsInTheStream() {
        ChromeDriver tab = browsers.openBoard(browsers.newBrowser(), "");
        new WebDriverWait(tab, Browsers.WAIT).withMessage(() -> "the page is not on the live stream: " + Browsers.transport(tab))
                .until(d -> "sse".equals(Browsers.transport(tab)));
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
        List<ChromeDriver> browsers = parallel(tabs, i -> this.browsers.openBoard(this.browsers.newBrowser(), ""));
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
        ChromeDriver tab = browsers.openBoard(browsers.newBrowser(), "");
        tab.executeScript("window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };");
        String text = "<img src=x onerror=alert(1)> " + run;
        post(tab, text);

        waitForMessage(tab, text); // live path (POST response / stream)
        assertNoMarkupExecuted(tab);
        assertEquals(0L, ((Number) tab.executeScript("return window.__alerts.length;")).longValue(), "alert was called");

        browsers.openBoard(tab, ""); // history path
        waitForMessage(tab, text);
        assertNoMarkupExecuted(tab);
    }

    @Test
    @Order(4)
    void aRateLimitedPostShowsTheServersErrorAndIsNotShownAsSent() {
        ChromeDriver tab = browsers.openBoard(browsers.newBrowser(), "");
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
        // The server's text names the seconds left, which tick on between the two requests: compare without them.
        assertTrue(shown.replaceAll("\\d+", "#").startsWith(String.valueOf(direct.get("error")).replaceAll("\\d+", "#")),
                "page shows the server's text; page: " + shown + " / server: " + direct.get("error"));

        // Not stored either: a fresh load of the history does not contain it.
        browsers.openBoard(tab, "");
        assertFalse(texts(tab).contains(rejected), "the refused post was stored");
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
}
