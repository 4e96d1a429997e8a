package dev.chorus.bot;

import static dev.chorus.bot.BotFixtures.assertExactlyOneReplyEach;
import static dev.chorus.bot.BotFixtures.postPersona;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interfaces.sse.SseClient;
import dev.chorus.interfaces.web.Browsers;
import dev.chorus.support.ChorusMembers;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.StreamingLlmStub;
import dev.chorus.support.StreamingLlmStub.Script;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drafts of persona replies on two clustered members (PostgreSQL), against the streaming LLM stub, with a live-push
 * subscriber on each member: a streamed reply's drafts grow on both and are followed by exactly one stored reply
 * that each draft is the start of; a {@code [SKIP]} and a cut stream show no text the stored reply lacks and
 * withdraw their drafts (a retry is a new draft); a server that does not stream is still answered; in Chromium, a
 * page on each member: the persona picker opens a conversation whose draft grows on both pages and gives way to
 * the stored reply; kill -9 of the
 * member generating a reply mid-stream withdraws its draft and exactly one reply follows from the other member.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplyDraftsIT {
    private static final Pattern CLAIMS = Pattern.compile("(?m)^chorus_bot_claims_total\\S*\\s+([0-9.]+)");
    private static final Duration REPLY_WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.two().startedByTheTest();

    private static StreamingLlmStub stub;
    private static Path dir;
    private static ChorusServer a;
    private static ChorusServer b;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("chorus-drafts-");
        stub = StreamingLlmStub.start("grow-model", "skip-model", "cut-model", "json-model", "page-model",
                "kill-model", "decline-model");
        // 300 ms between chunks: more than twice the drafts' 100 ms pacing even on a loaded machine, so the draft
        // shows several distinct steps.
        stub.script("grow-model", Script.streamed(300, "Pulsars ", "spin ", "very ", "fast, ", "like ", "lighthouses."));
        stub.script("skip-model", Script.streamed(150, "  [SK", "IP", "]"));
        // Words, then the marker: a persona told about [SKIP] may decide after it began to write.
        stub.script("decline-model", Script.streamed(200, "Not ", "for ", "me, ", "sorry. ", "[SKIP]"));
        stub.script("cut-model", Script.cut(150, 3, "The ", "tide ", "turns ", "at ", "noon."),
                Script.streamed(150, "The ", "tide ", "turns ", "at ", "noon."));
        stub.script("json-model", Script.notStreamed(100, "All at once."));
        stub.script("page-model", Script.streamed(300, "Tides ", "rise ", "and ", "fall ", "twice ", "a ", "day."));
        String[] slow = new String[20]; // 6 s at 300 ms a chunk: well within the 10 s read timeout
        String[] quick = new String[20];
        for (int i = 0; i < slow.length; i++) {
            slow[i] = "word" + i + " ";
        }
        System.arraycopy(slow, 0, quick, 0, slow.length);
        stub.script("kill-model", new Script(List.of(slow), 300, StreamingLlmStub.Ending.DONE, slow.length),
                Script.streamed(50, quick));
        Path entities = BotFixtures.entitiesFile(dir, Map.of("decline-model",
                        "You are a test persona. Reply [SKIP] when the message is not for you."),
                "grow-model", "skip-model", "cut-model", "json-model", "page-model", "kill-model", "decline-model");
        chorus.start(BotFixtures.env(entities, stub.baseUrl().toString(), Map.of(
                "CHORUS_LLM_SLOTS_PER_SERVER", "4", "CHORUS_LLM_READ_TIMEOUT_SECONDS", "10",
                "CHORUS_BOT_BACKOFF_BASE_MILLIS", "200", "CHORUS_TRUSTED_PROXIES", "127.0.0.1")));
        a = chorus.member(0);
        b = chorus.member(1);
    }

    @AfterAll
    static void stop() throws Exception {
        BotFixtures.tearDown(dir, stub);
    }

    /** Events of one message's drafts (and its stored reply) as one subscriber saw them. */
    private record Seen(List<SseClient.Event> drafts, List<SseClient.Event> ends, List<SseClient.Event> replies) {
        static Seen of(List<SseClient.Event> events, String replyTo) {
            List<SseClient.Event> drafts = new ArrayList<>();
            List<SseClient.Event> ends = new ArrayList<>();
            List<SseClient.Event> replies = new ArrayList<>();
            for (SseClient.Event e : events) {
                JsonObject json = e.json();
                if (!replyTo.equals(json.getString("replyTo", null))) {
                    continue;
                }
                switch (e.name()) {
                    case "draft" -> drafts.add(e);
                    case "draft-end" -> ends.add(e);
                    case "message" -> replies.add(e);
                    default -> throw new AssertionError("unknown event " + e);
                }
            }
            return new Seen(drafts, ends, replies);
        }

        List<String> texts() {
            return drafts.stream().map(e -> e.json().getString("text")).toList();
        }

        Set<String> draftIds() {
            Set<String> ids = new LinkedHashSet<>();
            drafts.forEach(e -> ids.add(e.json().getString("draft")));
            return ids;
        }

        List<String> endReasons() {
            return ends.stream().map(e -> e.json().getString("reason")).toList();
        }
    }

    private static SseClient subscribe(ChorusServer member) throws Exception {
        SseClient stream = SseClient.open(member.baseUri(), null, null);
        assertEquals(200, stream.response().statusCode());
        return stream;
    }

    private static List<SseClient.Event> until(SseClient stream, String replyTo, Predicate<Seen> done)
            throws InterruptedException {
        List<SseClient.Event> events = stream.collect(got -> done.test(Seen.of(got, replyTo)), REPLY_WAIT);
        assertTrue(done.test(Seen.of(events, replyTo)), "not seen within " + REPLY_WAIT + ": " + events);
        return events;
    }

    private static void assertNoIds(Seen seen) {
        for (SseClient.Event e : seen.drafts()) {
            assertFalse(e.withId(), "a draft is never a cursor: " + e);
        }
        for (SseClient.Event e : seen.ends()) {
            assertFalse(e.withId(), "a draft's end is never a cursor: " + e);
        }
    }

    private static String storedReply(String id) throws InterruptedException {
        List<JsonObject> messages = BotFixtures.awaitState(b.client(), List.of(id), REPLY_WAIT,
                m -> BotFixtures.status(m).equals("complete"));
        assertExactlyOneReplyEach(messages, List.of(id));
        return BotFixtures.repliesByTarget(messages).get(id).get(0).getString("text");
    }

    @Test
    @Order(0)
    void personasListsWhoCanBeTalkedToAndNothingOfTheirSetUp() {
        var answer = b.client().get("/api/personas");
        assertEquals(200, answer.status(), answer.body());
        var personas = jakarta.json.Json.createReader(new java.io.StringReader(answer.body())).readArray();
        assertEquals(List.of("grow", "skip", "cut", "json", "page", "kill", "decline", "off"),
                personas.stream().map(p -> p.asJsonObject().getString("id")).toList());
        for (var p : personas) {
            JsonObject persona = p.asJsonObject();
            assertEquals(Set.of("id", "username", "color", "enabled"), persona.keySet(), persona.toString());
        }
        JsonObject grow = personas.getJsonObject(0);
        assertEquals("P-grow", grow.getString("username"));
        assertEquals("010200030", grow.getString("color"));
        assertTrue(grow.getBoolean("enabled"));
        assertFalse(personas.getJsonObject(7).getBoolean("enabled"));
        assertFalse(answer.body().contains("test persona") || answer.body().contains("-model")
                || answer.body().contains("127.0.0.1"), "no prompt, model or server address: " + answer.body());
    }

    @Test
    @Order(1)
    void draftsGrowOnBothMembersThenExactlyOneReplyTheyAllStart() throws Exception {
        try (SseClient onA = subscribe(a); SseClient onB = subscribe(b)) {
            postPersona(a.client(), "drafts-grow", "grow", "what do pulsars do?");
            Predicate<Seen> replaced = s -> !s.replies().isEmpty() && !s.ends().isEmpty();
            Seen seenOnA = Seen.of(until(onA, "drafts-grow", replaced), "drafts-grow");
            Seen seenOnB = Seen.of(until(onB, "drafts-grow", replaced), "drafts-grow");
            String stored = storedReply("drafts-grow");
            assertEquals("Pulsars spin very fast, like lighthouses.", stored);
            for (Seen seen : List.of(seenOnA, seenOnB)) {
                List<String> texts = seen.texts();
                assertTrue(texts.stream().filter(t -> !t.isEmpty()).distinct().count() >= 3,
                        "the draft grew in steps: " + texts);
                for (int i = 0; i < texts.size(); i++) {
                    assertTrue(stored.startsWith(texts.get(i)), "'" + texts.get(i) + "' starts '" + stored + "'");
                    assertTrue(i == 0 || texts.get(i).startsWith(texts.get(i - 1)), "drafts only grow: " + texts);
                }
                assertEquals(1, seen.draftIds().size(), "one attempt, one draft");
                assertEquals(List.of("replied"), seen.endReasons());
                assertEquals("drafts-grow-r-grow", seen.ends().get(0).json().getString("replyId"));
                JsonObject first = seen.drafts().get(0).json();
                assertEquals("grow", first.getString("entity"));
                assertEquals("P-grow", first.getString("username"));
                assertEquals("010200030", first.getString("color"));
                assertEquals(1, seen.replies().size(), "the stored reply, once");
                assertNoIds(seen);
            }
        }
        List<JsonObject> polled = BotFixtures.all(a.client());
        assertTrue(polled.stream().noneMatch(m -> m.getString("text").isEmpty()), "drafts are never messages");
    }

    @Test
    @Order(2)
    void aSkippedReplyShowsNoTextAndWithdrawsItsDraft() throws Exception {
        // "skip" answers only the marker; "decline" writes words first, and its prompt mentions the marker, so its
        // drafts show only that it is writing (drafts: writing, docs/api.md).
        Map<String, String> personas = Map.of("drafts-skip", "skip", "drafts-decline", "decline");
        try (SseClient onA = subscribe(a); SseClient onB = subscribe(b)) {
            personas.forEach((id, persona) -> postPersona(b.client(), id, persona, "say nothing"));
            for (SseClient stream : List.of(onA, onB)) {
                List<SseClient.Event> events = stream.collect(got -> personas.keySet().stream()
                        .allMatch(id -> !Seen.of(got, id).ends().isEmpty()), REPLY_WAIT);
                for (String id : personas.keySet()) {
                    Seen seen = Seen.of(events, id);
                    assertFalse(seen.ends().isEmpty(), id + " ended within " + REPLY_WAIT + ": " + events);
                    assertFalse(seen.drafts().isEmpty(), "the persona was seen writing");
                    assertTrue(seen.texts().stream().allMatch(String::isEmpty), "no text of a skipped reply: "
                            + seen.texts());
                    assertEquals(List.of("skipped"), seen.endReasons());
                    assertNoIds(seen);
                }
            }
        }
        List<JsonObject> messages = BotFixtures.awaitState(a.client(), List.copyOf(personas.keySet()), REPLY_WAIT,
                m -> BotFixtures.status(m).equals("complete"));
        for (String id : personas.keySet()) {
            assertFalse(BotFixtures.repliesByTarget(messages).containsKey(id), "a skip posts nothing");
        }
    }

    @Test
    @Order(3)
    void aCutStreamWithdrawsItsDraftAndTheRetryIsANewDraftAndOneReply() throws Exception {
        try (SseClient onA = subscribe(a); SseClient onB = subscribe(b)) {
            postPersona(a.client(), "drafts-cut", "cut", "when does the tide turn?");
            Predicate<Seen> answered = s -> !s.replies().isEmpty() && s.endReasons().contains("replied");
            Seen seenOnA = Seen.of(until(onA, "drafts-cut", answered), "drafts-cut");
            Seen seenOnB = Seen.of(until(onB, "drafts-cut", answered), "drafts-cut");
            String stored = storedReply("drafts-cut");
            assertEquals("The tide turns at noon.", stored);
            for (Seen seen : List.of(seenOnA, seenOnB)) {
                assertEquals(List.of("failed", "replied"), seen.endReasons());
                assertEquals(2, seen.draftIds().size(), "the retry started a new draft: " + seen.draftIds());
                for (String text : seen.texts()) {
                    assertTrue(stored.startsWith(text), "'" + text + "' starts '" + stored + "'");
                }
                assertNoIds(seen);
            }
        }
        assertEquals(2, stub.requests("cut-model"), "the cut attempt and its retry");
    }

    @Test
    @Order(4)
    void aServerThatDoesNotStreamIsStillAnswered() throws Exception {
        try (SseClient onB = subscribe(b)) {
            postPersona(a.client(), "drafts-json", "json", "all at once please");
            Seen seen = Seen.of(until(onB, "drafts-json", s -> !s.replies().isEmpty() && !s.ends().isEmpty()),
                    "drafts-json");
            assertEquals("All at once.", storedReply("drafts-json"));
            assertEquals(List.of("replied"), seen.endReasons());
            seen.texts().forEach(text -> assertTrue("All at once.".startsWith(text), text));
        }
    }

    @Test
    @Order(5)
    void inTheBrowserThePickerOpensAConversationWhoseDraftGrowsOnBothMembersAndGivesWayToTheReply() {
        Browsers.assumeInstalled();
        Browsers onA = new Browsers(a.baseUri().toString());
        Browsers onB = new Browsers(b.baseUri().toString());
        try {
            ChromeDriver newcomer = onA.openBoard(onA.newBrowser(), "");
            ChromeDriver reader = onB.openBoard(onB.newBrowser(), "");
            WebDriverWait wait = new WebDriverWait(newcomer, Duration.ofSeconds(15));
            List<WebElement> picks = wait.withMessage("the persona picker lists the personas").until(d -> {
                List<WebElement> found = d.findElements(By.cssSelector("[data-testid='persona-pick']"));
                return found.size() == 8 ? found : null;
            });
            assertEquals(List.of("grow", "skip", "cut", "json", "page", "kill", "decline", "off"),
                    picks.stream().map(p -> p.getAttribute("data-entity")).toList());
            WebElement off = picks.get(7);
            assertFalse(off.isEnabled(), "a disabled persona cannot be picked");
            picks.get(4).click();
            wait.withMessage("the picker opened the persona view").until(d -> "persona".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-view")));
            assertEquals("page", newcomer.findElement(By.cssSelector("[data-testid='persona-name']")).getText());
            DraftPages.record(newcomer);
            DraftPages.record(reader);

            Browsers.setUsername(newcomer, "newcomer");
            String question = "how often do tides turn?";
            Browsers.post(newcomer, question);
            String id = Browsers.waitForMessage(newcomer, question).getAttribute("data-id");
            String replySelector = "#stream li[data-testid='message'][data-type='AI'][data-reply-to='" + id + "']";
            for (ChromeDriver page : List.of(newcomer, reader)) {
                WebElement reply = new WebDriverWait(page, REPLY_WAIT).withMessage("the reply to " + id)
                        .until(d -> d.findElements(By.cssSelector(replySelector)).stream().findFirst().orElse(null));
                String stored = reply.findElement(By.cssSelector("[data-testid='message-text']")).getText();
                assertEquals("Tides rise and fall twice a day.", stored);
                List<String> texts = DraftPages.texts(page);
                assertTrue(DraftPages.sawWriting(page), "the persona was shown writing");
                assertTrue(texts.size() >= 2, "the draft grew in place: " + texts);
                texts.forEach(t -> assertTrue(stored.startsWith(t), "'" + t + "' starts '" + stored + "'"));
                assertFalse(DraftPages.sawDraftBesideItsReply(page), "the reply took the draft's place");
                assertEquals(0, DraftPages.draftsShown(page), "no draft left once the reply is shown");
            }
        } finally {
            onA.closeAll();
            onB.closeAll();
        }
    }

    @Test
    @Order(6)
    void killNineOfTheGeneratingMemberMidStreamWithdrawsTheDraftAndOneReplyFollows() throws Exception {
        double claimsA = claims(a);
        double claimsB = claims(b);
        SseClient onA = subscribe(a);
        SseClient onB = subscribe(b);
        try {
            postPersona(a.client(), "drafts-kill", "kill", "keep talking");
            List<SseClient.Event> earlyOnA = until(onA, "drafts-kill",
                    s -> s.texts().stream().anyMatch(t -> t.contains("word2")));
            List<SseClient.Event> earlyOnB = until(onB, "drafts-kill",
                    s -> s.texts().stream().anyMatch(t -> t.contains("word2")));
            boolean onAGenerates = claims(a) > claimsA;
            assertNotEquals(onAGenerates, claims(b) > claimsB, "exactly one member claimed the work");
            ChorusServer generating = onAGenerates ? a : b;
            ChorusServer survivor = onAGenerates ? b : a;
            SseClient watching = onAGenerates ? onB : onA;
            generating.kill();

            List<SseClient.Event> events = new ArrayList<>(onAGenerates ? earlyOnB : earlyOnA);
            events.addAll(until(watching, "drafts-kill",
                    s -> s.endReasons().contains("member-left") && !s.replies().isEmpty()));
            Seen seen = Seen.of(events, "drafts-kill");
            String saw = seen.drafts().stream().map(SseClient.Event::data).toList() + " ends "
                    + seen.ends().stream().map(SseClient.Event::data).toList();
            assertEquals("member-left", seen.endReasons().get(0), "the dead member's draft is withdrawn first: " + saw);
            assertEquals(2, seen.draftIds().size(), "the other member's attempt is a new draft: " + saw);
            List<JsonObject> messages = BotFixtures.awaitState(survivor.client(), List.of("drafts-kill"), REPLY_WAIT,
                    m -> BotFixtures.status(m).equals("complete"));
            // A second reply would come from a late attempt leaving no trace before it posts: only a bounded wait
            // can show that none comes.
            Thread.sleep(2000);
            messages = BotFixtures.all(survivor.client());
            assertExactlyOneReplyEach(messages, List.of("drafts-kill"));
            String stored = BotFixtures.repliesByTarget(messages).get("drafts-kill").get(0).getString("text");
            String lastDraft = seen.texts().get(seen.texts().size() - 1);
            assertTrue(stored.startsWith(lastDraft), "'" + lastDraft + "' starts '" + stored + "'");
        } finally {
            onA.close();
            onB.close();
        }
    }

    private static double claims(ChorusServer member) {
        Matcher m = CLAIMS.matcher(member.client().get("/metrics?scope=application").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
