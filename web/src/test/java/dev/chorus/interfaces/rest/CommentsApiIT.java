package dev.chorus.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.BoardClient;
import dev.chorus.support.BoardClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every endpoint and every error status of docs/api.md, against the built WAR on a real Payara Micro started by
 * Arquillian. Each test posts from its own client address (X-Forwarded-For from the trusted local proxy), so
 * the rate limit of one test never touches another.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CommentsApiIT {
    private static final String BOT = "test-bot-token";
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @ArquillianResource
    URL base;

    private BoardClient client;
    private String address;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("chorus.war")));
    }

    @BeforeEach
    void setUp() throws Exception {
        // Payara reports its public interface; the test server listens on loopback only.
        URI reported = base.toURI();
        client = new BoardClient(new URI("http", null, "127.0.0.1", reported.getPort(), reported.getPath(), null, null));
        address = "10.1.0." + ADDRESSES.getAndIncrement();
    }

    private Reply post(JsonObjectBuilder message) {
        return client.post(message.build(), Map.of("X-Forwarded-For", address));
    }

    private Reply postBot(JsonObjectBuilder message) {
        return client.post(message.build(), Map.of("X-Forwarded-For", address, "Authorization", "Bearer " + BOT));
    }

    private static JsonObjectBuilder message(String id, String text) {
        return Json.createObjectBuilder().add("id", id).add("text", text);
    }

    private Reply get(String path) {
        return client.get(path);
    }

    @Test
    void postStoresTheMessageWithAServerTimestampAndNormalizedFields() {
        long before = System.currentTimeMillis();
        Reply reply = client.post(message("post-1", "  hello \n\n  world  ").add("username", " alice ")
                .add("color", "rgb(255, 0, 10)").add("timestamp", 42).add("misc", "m").build(),
                Map.of("X-Forwarded-For", address, "Origin", "https://board.example.org"));
        assertEquals(200, reply.status(), reply.body());
        JsonObject stored = reply.json();
        assertEquals("post-1", stored.getString("id"));
        assertEquals("hello world", stored.getString("text"));
        assertEquals("alice", stored.getString("username"));
        assertEquals("255000010", stored.getString("color"));
        assertEquals("board.example.org", stored.getString("domain"));
        assertEquals("en", stored.getString("language"));
        assertEquals("human", stored.getString("message-type"));
        assertEquals(42, stored.getJsonNumber("clientTimestamp").longValue());
        assertTrue(stored.getJsonNumber("timestamp").longValue() >= before, "server clock, not the client's 42");
        assertFalse(stored.containsKey("context"));
    }

    @Test
    void postWithoutIdOrColorGetsServerMadeOnes() {
        JsonObject stored = post(Json.createObjectBuilder().add("text", "anonymous")).json();
        assertTrue(stored.getString("id").matches("\\d+-[0-9a-z]{9}"), stored.getString("id"));
        assertTrue(stored.getString("color").matches("\\d{9}"));
        assertEquals("unknown", stored.getString("domain"));
        assertFalse(stored.containsKey("username"), "absent username is omitted");
    }

    @Test
    void postIsIdempotentOnId() {
        Reply first = post(message("idem-1", "once"));
        long total = client.totalMessages();
        Reply again = post(message("idem-1", "a different text"));
        assertEquals(200, again.status());
        assertEquals("true", again.header("X-Chorus-Duplicate"));
        assertEquals(first.json(), again.json(), "the stored message, unchanged");
        assertEquals(total, client.totalMessages(), "nothing new stored");
    }

    @Test
    void personaMessagesStartPendingAndCarryTheirContextInLists() {
        JsonObject stored = post(message("persona-1", "hi bot").add("context", Json.createArrayBuilder().add("a: b"))
                .add("botParams", Json.createObjectBuilder().add("entity", "poet").add("priority", 5)
                        .add("processed", true).add("status", "complete"))).json();
        JsonObject params = stored.getJsonObject("botParams");
        assertEquals("poet", params.getString("entity"));
        assertEquals(5, params.getInt("priority"));
        assertFalse(params.getBoolean("processed"), "server-managed fields are not taken from the client");
        assertEquals("pending", params.getString("status"));
        assertEquals(List.of("a: b"), stored.getJsonArray("context").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList(), "kept with the message");
        long cursor = stored.getJsonNumber("timestamp").longValue() - 1;
        JsonObject polled = client.poll(cursor, 10).stream().filter(m -> m.getString("id").equals("persona-1")).findFirst().orElseThrow();
        assertEquals(stored.getJsonArray("context"), polled.getJsonArray("context"), "a bot reading lists gets it");
        JsonObject paged = get("/api/comments?limit=100").json().getJsonArray("comments").getValuesAs(JsonObject.class)
                .stream().filter(m -> m.getString("id").equals("persona-1")).findFirst().orElseThrow();
        assertEquals(stored.getJsonArray("context"), paged.getJsonArray("context"), "pages carry it too");
        JsonObject plain = post(message("persona-0", "no persona").add("context", Json.createArrayBuilder().add("a: b"))).json();
        JsonObject plainPolled = client.poll(plain.getJsonNumber("timestamp").longValue() - 1, 1).get(0);
        assertFalse(plainPolled.containsKey("context"), "other messages keep it out of lists");
    }

    @Test
    void hexColorsAreStoredAsNineDigits() {
        assertEquals("255000000", post(message("hex-1", "red").add("color", "#FF0000")).json().getString("color"));
        assertEquals("000255128", post(message("hex-2", "green").add("color", "00ff80")).json().getString("color"));
        assertEquals("color", post(message("hex-3", "bad").add("color", "#uis=Al:FF0000")).json().getString("field"));
        assertEquals("color", post(message("hex-4", "bad").add("color", "#FF00")).json().getString("field"));
    }

    @Test
    void invalidPostsAre400WithTheFieldAndStoreNothing() {
        long total = client.totalMessages();
        assertInvalid(message("bad-1", "   "), "text");
        assertInvalid(Json.createObjectBuilder().add("id", "bad-2"), "text");
        assertInvalid(message("bad-3", "x".repeat(1001)), "text");
        assertInvalid(message("bad-4", "x").add("username", "x".repeat(17)), "username");
        assertInvalid(message("bad-5", "x").add("color", "256000000"), "color");
        assertInvalid(message("bad-6", "x").add("color", "red"), "color");
        assertInvalid(message("bad-7", "x").add("message-type", "robot"), "message-type");
        assertInvalid(message("bad id!", "x"), "id");
        assertInvalid(message("bad-9", "x").add("text", 5), "text");
        assertInvalid(message("bad-10", "x").add("botParams", Json.createObjectBuilder().add("priority", 100)), "botParams.priority");
        assertInvalid(message("bad-11", "x").add("botParams", Json.createObjectBuilder().add("ais", "nocolor")), "botParams.ais");
        var tooLong = Json.createArrayBuilder();
        for (int i = 0; i < 201; i++) {
            tooLong.add("line " + i);
        }
        assertInvalid(message("bad-12", "x").add("context", tooLong), "context");
        assertInvalid(message("bad-13", "x").add("domain", "d".repeat(254)), "domain");
        assertInvalid(message("bad-14", "x").add("misc", "m".repeat(1001)), "misc");
        assertEquals(400, sendRaw("POST", "/api/comments", "application/json", "{not json").status());
        assertEquals(400, sendRaw("POST", "/api/comments", "application/json", "[1,2]").status());
        assertEquals(total, client.totalMessages(), "a rejected request stores nothing");
        assertEquals(1000, post(message("ok-1000", "y".repeat(1000))).json().getString("text").length(), "1000 is fine, never cut");
    }

    private void assertInvalid(JsonObjectBuilder message, String field) {
        Reply reply = post(message);
        assertEquals(400, reply.status(), reply.body());
        assertEquals(field, reply.json().getString("field"), reply.body());
        assertFalse(reply.json().getString("error").isBlank());
    }

    @Test
    void aiMessagesNeedTheBotCredential() {
        Reply anonymous = post(message("ai-1", "I am a bot").add("message-type", "AI"));
        assertEquals(401, anonymous.status());
        assertNotNull(anonymous.json().getString("error"));
        Reply wrong = client.post(message("ai-1", "I am a bot").add("message-type", "AI").build(),
                Map.of("X-Forwarded-For", address, "Authorization", "Bearer wrong"));
        assertEquals(401, wrong.status());
        Reply bot = postBot(message("ai-1", "I am a bot").add("message-type", "AI").add("replyTo", "persona-1"));
        assertEquals(200, bot.status(), bot.body());
        assertEquals("AI", bot.json().getString("message-type"));
        assertEquals("persona-1", bot.json().getString("replyTo"));
    }

    @Test
    void bodiesOver64KiBAre413AndOtherContentTypes415() {
        long total = client.totalMessages();
        Reply tooBig = sendRaw("POST", "/api/comments", "application/json",
                "{\"text\":\"x\",\"misc\":\"" + "m".repeat(70 * 1024) + "\"}");
        assertEquals(413, tooBig.status());
        assertTrue(tooBig.json().containsKey("error"));
        Reply plain = sendRaw("POST", "/api/comments", "text/plain", "hello");
        assertEquals(415, plain.status());
        assertTrue(plain.json().containsKey("error"));
        assertEquals(total, client.totalMessages());
    }

    @Test
    void theEleventhPostInAMinuteIs429WithRetryAfterAndTheBotIsExempt() {
        for (int i = 0; i < 10; i++) {
            assertEquals(200, post(message("rate-" + address.replace(".", "_") + "-" + i, "post " + i)).status());
        }
        long total = client.totalMessages();
        Reply limited = post(message("rate-" + address.replace(".", "_") + "-10", "one too many"));
        assertEquals(429, limited.status());
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        assertTrue(limited.json().getString("error").contains("Too many posts"));
        assertEquals(total, client.totalMessages(), "a rejected post stores nothing");
        assertEquals(200, post(message("rate-" + address.replace(".", "_") + "-0", "a retry of a stored post")).status(),
                "a retry of an acknowledged post is answered, not limited");
        assertEquals(429, client.post(message("rate-origin", "x").add("domain", "trusted.example").build(),
                Map.of("X-Forwarded-For", address, "Origin", "http://localhost")).status(), "no exemption by domain or Origin");
        assertEquals(200, postBot(message("rate-bot-" + address.replace(".", "_"), "the bot is exempt")).status());
        assertEquals(200, client.post(message("rate-other", "another client").build(),
                Map.of("X-Forwarded-For", address + ", 10.9.9.9")).status(), "the right-most untrusted hop counts");
    }

    @Test
    void pollingReturnsEverythingAfterTheCursorNewestFirst() {
        long cursor = post(message("poll-0", "start")).json().getJsonNumber("timestamp").longValue();
        postBot(message("poll-1", "one"));
        postBot(message("poll-2", "two").add("message-type", "AI"));
        postBot(message("poll-3", "three"));
        List<String> ids = client.poll(cursor, 50).stream().map(m -> m.getString("id")).toList();
        assertEquals(List.of("poll-3", "poll-2", "poll-1"), ids);
        List<JsonObject> ai = get("/api/comments?since=" + cursor + "&type=AI").array().getValuesAs(JsonObject.class);
        assertEquals(List.of("poll-2"), ai.stream().map(m -> m.getString("id")).toList());
        List<JsonObject> human = get("/api/comments?after=" + cursor + "&type=human&limit=1").array().getValuesAs(JsonObject.class);
        assertEquals(List.of("poll-1"), human.stream().map(m -> m.getString("id")).toList(), "the first after the cursor");
        assertEquals(200, get("/api/comments?after=0&limit=5000").status(), "larger limits are clamped");
        assertEquals("after", get("/api/comments?after=yesterday").json().getString("field"));
        assertEquals("type", get("/api/comments?after=0&type=robot").json().getString("field"));
        assertEquals("limit", get("/api/comments?after=0&limit=0").json().getString("field"));
        assertEquals(0, get("/api/comments?after=" + Long.MAX_VALUE / 2).array().size());
    }

    @Test
    void pagesCountFromTheNewestEndWithTotalsAndSearch() {
        String tag = "pg" + address.replace(".", "");
        for (int i = 0; i < 5; i++) {
            postBot(message(tag + "-" + i, "Page " + tag + " number " + i).add("username", "pager"));
        }
        JsonObject page = get("/api/comments?limit=2&search=" + tag.toUpperCase()).json();
        assertEquals(5, page.getInt("total"));
        assertTrue(page.getBoolean("hasMore"));
        assertEquals(List.of(tag + "-3", tag + "-4"), ids(page), "the newest two, oldest first");
        JsonObject second = get("/api/comments?limit=2&offset=4&search=" + tag).json();
        assertEquals(List.of(tag + "-0"), ids(second));
        assertFalse(second.getBoolean("hasMore"));
        JsonObject all = get("/api/comments").json();
        assertEquals(client.totalMessages(), all.getJsonNumber("total").longValue());
        assertEquals("offset", get("/api/comments?offset=-1").json().getString("field"));
        Reply totalOnly = get("/api/comments?offset=0&limit=0");
        assertEquals(200, totalOnly.status(), "the original page asks for its total so");
        assertEquals(0, totalOnly.json().getJsonArray("comments").size());
        assertEquals(client.totalMessages(), totalOnly.json().getJsonNumber("total").longValue());
        assertTrue(totalOnly.json().getBoolean("hasMore"));
        JsonObject searchTotal = get("/api/comments?limit=0&search=" + tag).json();
        assertEquals(5, searchTotal.getInt("total"));
        assertEquals("limit", get("/api/comments?limit=-1").json().getString("field"));
        assertEquals(0, get("/api/comments?search=" + "%25_nothing_like_this").json().getInt("total"), "% and _ are literal");
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("comments").getValuesAs(JsonObject.class).stream().map(m -> m.getString("id")).toList();
    }

    @Test
    void userSearchMatchesNormalisedNamesAndColors() {
        postBot(message("uss-1", "from carol").add("username", "Car-ol").add("color", "010020030"));
        postBot(message("uss-2", "from carol, other color").add("username", "carol").add("color", "200200200"));
        postBot(message("uss-3", "from dave").add("username", "dave"));
        JsonObject both = get("/api/comments?uss=carol:010020030+dave").json();
        assertEquals(List.of("uss-3", "uss-1"), ids(both), "newest first");
        assertTrue(both.getBoolean("serverSideSearch"));
        assertFalse(both.getBoolean("hasMore"));
        assertEquals(2, both.getInt("total"));
        assertEquals(List.of(Json.createObjectBuilder().add("username", "carol").add("color", "010020030").build(),
                Json.createObjectBuilder().add("username", "dave").addNull("color").build()),
                both.getJsonArray("searchedUsers"), "the original's {username, color} objects");
        JsonObject firstPage = get("/api/comments?uss=carol+dave&limit=2").json();
        assertEquals(3, firstPage.getInt("total"), "the true number that match, not the number returned");
        assertTrue(firstPage.getBoolean("hasMore"));
        assertEquals(List.of("uss-3", "uss-2"), ids(firstPage));
        JsonObject secondPage = get("/api/comments?uss=carol+dave&limit=2&offset=2").json();
        assertEquals(List.of("uss-1"), ids(secondPage));
        assertFalse(secondPage.getBoolean("hasMore"));
        assertEquals(List.of("uss-2", "uss-1"), ids(get("/api/comments?uss=CAROL").json()));
        assertEquals("color", get("/api/comments?uss=carol:999").json().getString("field"));
    }

    @Test
    void patchSetsProcessedInPlaceAndNeedsTheBotCredential() {
        JsonObject stored = post(message("patch-1", "answer me").add("botParams",
                Json.createObjectBuilder().add("entity", "poet"))).json();
        long cursor = stored.getJsonNumber("timestamp").longValue() - 1;
        assertEquals(401, client.patchProcessed("patch-1", true, null).status());
        assertEquals(401, client.patchProcessed("patch-1", true, "wrong").status());
        assertEquals(404, client.patchProcessed("no-such-id", true, BOT).status());
        assertEquals(400, client.send(client.request("/api/comments/patch-1").header("Authorization", "Bearer " + BOT)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"botParams\":{}}"))).status());
        Reply done = client.patchProcessed("patch-1", true, BOT);
        assertEquals(200, done.status(), done.body());
        assertEquals("complete", done.json().getJsonObject("botParams").getString("status"));
        JsonObject polled = client.poll(cursor, 5).get(0);
        assertEquals("patch-1", polled.getString("id"));
        assertTrue(polled.getJsonObject("botParams").getBoolean("processed"), "updated in place in the recent window");
        assertEquals(stored.getJsonNumber("timestamp"), polled.getJsonNumber("timestamp"), "PATCH never moves a message");
        Reply undone = client.patchProcessed("patch-1", false, BOT);
        assertEquals("pending", undone.json().getJsonObject("botParams").getString("status"));
    }

    @Test
    void statsCountsEveryStoredMessage() {
        long before = client.totalMessages();
        post(message("stats-1", "count me"));
        assertEquals(before + 1, client.totalMessages());
    }

    @Test
    void corsPreflightAndHeaders() {
        Reply preflight = client.send(client.request("/api/comments").header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.status());
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Content-Type"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
        Reply get = client.send(client.request("/api/stats").header("Origin", "https://elsewhere.example").GET());
        assertEquals("*", get.header("Access-Control-Allow-Origin"));
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405AsJson() {
        Reply unknown = get("/api/nothing-here");
        assertEquals(404, unknown.status());
        assertEquals("Not found", unknown.json().getString("error"));
        Reply wrongMethod = sendRaw("DELETE", "/api/comments", null, null);
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.json().containsKey("error"));
        assertFalse(wrongMethod.body().contains("Exception"), "no stack traces");
    }

    private Reply sendRaw(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = client.request(path).header("X-Forwarded-For", address);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }
}
