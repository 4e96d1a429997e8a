package dev.chorus.interfaces.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.chorus.interfaces.web.Browsers.post;
import static dev.chorus.interfaces.web.Browsers.setUsername;
import static dev.chorus.interfaces.web.Browsers.texts;
import static dev.chorus.interfaces.web.Browsers.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.chorus.support.ChorusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import dev.chorus.support.ChorusMembers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A persona conversation in the browser: a page with {@code entity=} in its hash posts to a persona, the bot
 * answers through an OpenAI-compatible stub (WireMock on 127.0.0.1) and the reply appears in the view as soon
 * as it is stored; another user's message does not. Needs the bot (dev.chorus.application.bot).
 *
 * <p>With {@code -Dchorus.screenshot=docs/page-screenshot.png} it also saves the screenshot used in docs/.
 */
class PersonaConversationBrowserIT {
    static final String ENTITY = "stubpoet";
    static final String MODEL = "stub-model";
    static final String REPLY = "a quiet pond / the stub answers softly / frogs applaud";

    private static WireMockServer llm;
    /** Started by {@code start()} once the LLM stub and the entities file exist; stopped by the extension. */
    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.one().startedByTheTest();
    private static ChorusServer server;
    private static Path entities;

    private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private Browsers browsers;

    @BeforeAll
    static void start() throws Exception {
        Browsers.assumeInstalled();
        llm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        llm.start();
        stubLlm(llm);
        entities = Files.createTempFile("chorus-entities-", ".json");
        Files.writeString(entities, entitiesJson());
        server = chorus.start(Map.of(
                "CHORUS_TRUSTED_PROXIES", "127.0.0.1",
                "CHORUS_LLM_SERVERS", "http://127.0.0.1:" + llm.port() + "/v1",
                "CHORUS_ENTITIES", entities.toString())).server();
    }

    @AfterAll
    static void stop() throws Exception {
        if (llm != null) {
            llm.stop();
        }
        if (entities != null) {
            Files.deleteIfExists(entities);
        }
    }

    @AfterEach
    void closeBrowsers() {
        if (browsers != null) {
            browsers.closeAll();
        }
    }

    @Test
    void aPersonaConversationShowsTheReplyAndHidesOtherUsers() {
        browsers = new Browsers(server.baseUri().toString());
        String suffix = run.substring(0, Math.min(5, run.length()));
        String me = "me" + suffix;
        String bot = "bot" + suffix;

        ChromeDriver other = browsers.openBoard(browsers.newBrowser(), "");
        setUsername(other, "other" + suffix);
        String otherText = "someone else talking " + run;
        post(other, otherText);
        waitForMessage(other, otherText);

        ChromeDriver tab = browsers.openBoard(browsers.newBrowser(),
                "#uis=" + me + ":195080200&ais=" + bot + ":255069000&entity=" + ENTITY + "&priority=0&nom=20");
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
        assertEquals(REPLY, reply.findElement(By.cssSelector("[data-testid='message-text']")).getText());
        assertFalse(texts(tab).contains(otherText), "another user's message is shown in the conversation");
        assertTrue(texts(other).contains(otherText));
        assertTrue(llm.findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))).size() >= 1,
                "the stub LLM was asked");

        String screenshot = System.getProperty("chorus.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
            saveScreenshot(Path.of(screenshot));
        }
    }

    /** docs/page-screenshot.png: the board as a newcomer sees it (history plus the live stream), 1280x800. */
    private void saveScreenshot(Path target) {
        ChromeDriver viewer = browsers.newBrowser(1280, 800);
        // Headless --window-size counts the (invisible) browser frame: fix the viewport itself.
        viewer.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        browsers.openBoard(viewer, "");
        new WebDriverWait(viewer, Duration.ofSeconds(15)).until(d -> "sse".equals(Browsers.transport(viewer)));
        ChromeDriver other = browsers.openBoard(browsers.newBrowser(), "");
        setUsername(other, "Mira");
        post(other, "Anyone up for the harbour walk on Saturday? https://example.org/walks");
        waitForMessage(viewer, "Anyone up for the harbour walk on Saturday? https://example.org/walks");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(target, viewer.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void stubLlm(WireMockServer llm) {
        llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id": "chatcmpl-stub", "object": "chat.completion", "created": 1700000000,
                         "model": "%s",
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"},
                                      "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 20, "completion_tokens": 12, "total_tokens": 32}}
                        """.formatted(MODEL, REPLY))));
        llm.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"object": "list", "data": [{"id": "%s", "object": "model", "owned_by": "stub"}]}
                        """.formatted(MODEL))));
        llm.stubFor(get(urlPathEqualTo("/api/v0/models")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"object": "list", "data": [{"id": "%s", "object": "model", "type": "llm",
                          "publisher": "stub", "arch": "qwen2", "compatibility_type": "gguf",
                          "quantization": "Q4_K_M", "state": "loaded", "max_context_length": 8192}]}
                        """.formatted(MODEL))));
    }

    /** One persona in the layout of server-config/entities.json, answering through the stub's model. */
    static String entitiesJson() {
        return """
                {
                  "format": "chorus/1",
                  "queueSettings": {"maxRetries": 3, "defaultPriority": 50},
                  "entities": [
                    {
                      "id": "%s",
                      "enabled": true,
                      "username": "StubPoet",
                      "color": "255182193",
                      "model": "%s",
                      "systemRole": "system",
                      "systemPrompt": "You are StubPoet. Answer with one haiku.",
                      "userPrompt": "Answer the last message with one haiku on a single line.",
                      "temperature": 0.8,
                      "maxTokens": 60,
                      "topP": 0.9,
                      "topK": 40,
                      "repeatPenalty": 1.1,
                      "minP": 0.05,
                      "filterOut": ["StubPoet:"],
                      "trimAfter": ["\\n"],
                      "trimWhitespace": true,
                      "addNewlineToContext": true,
                      "addEntityUsername": true,
                      "nom": 20,
                      "defaultPriority": 50,
                      "rateLimits": {"minSecondsBetweenPosts": 0, "maxPostsPerMinute": 60, "maxPostsPerHour": 600}
                    }
                  ]
                }
                """.formatted(ENTITY, MODEL);
    }
}
