package dev.chorus.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.interfaces.sse.SseClient;
import dev.chorus.support.BoardClient;
import dev.chorus.support.BoardClient.Reply;
import dev.chorus.support.ChorusMembers;
import dev.chorus.support.ChorusServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's moderation API on two clustered members over PostgreSQL (docs/api.md, "Moderation"): the operator
 * credential, validation, a message hidden on one member gone from polls, pages, search, uss, counts and the
 * stream of both (cursors neither skip nor repeat), restore (a {@code restored} event on both), a hidden id
 * re-posted (410, not its text), bans refused with their reason cluster-wide and after a member's restart, address
 * bans compared as addresses (IPv6, IPv4-mapped), the audit log, the cluster view of both members, and the
 * operator endpoints in OpenAPI. One class, one cluster, one restart: each Payara start costs ~19 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModerationIT {
    private static final String OPERATOR = "test-operator-token";

    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.two()
            .env("CHORUS_OPERATOR_TOKEN", OPERATOR).env("CHORUS_TRUSTED_PROXIES", "127.0.0.1");

    private static ChorusServer a;
    private static ChorusServer b;

    @BeforeAll
    static void members() {
        a = chorus.member(0);
        b = chorus.member(1);
    }

    private static Reply call(ChorusServer member, String method, String path, String token, String body) {
        HttpRequest.Builder request = member.client().request(path).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return member.client().send(request);
    }

    private static Reply operator(ChorusServer member, String method, String path, String body) {
        return call(member, method, path, OPERATOR, body);
    }

    private static Reply postAs(ChorusServer member, String address, String id, String username) {
        JsonObject message = Json.createObjectBuilder().add("id", id).add("text", "text of " + id)
                .add("username", username).build();
        return member.client().post(message, Map.of("X-Forwarded-For", address));
    }

    private static List<String> ids(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getString("id")).toList();
    }

    private static List<String> page(ChorusServer member, String query) {
        return ids(member.client().get("/api/comments?limit=1000" + query).json().getJsonArray("comments")
                .getValuesAs(JsonObject.class));
    }

    private static long total(ChorusServer member, String query) {
        return member.client().get("/api/comments?limit=0" + query).json().getJsonNumber("total").longValue();
    }

    @Test
    @Order(1)
    void everyModerationEndpointNeedsTheOperatorCredential() {
        String ban = "{\"address\":\"10.0.0.1\",\"minutes\":5,\"reason\":\"x\"}";
        List<String[]> endpoints = List.of(new String[] {"DELETE", "/api/comments/any", null},
                new String[] {"POST", "/api/comments/any/restore", null},
                new String[] {"POST", "/api/moderation/bans", ban}, new String[] {"GET", "/api/moderation/bans", null},
                new String[] {"DELETE", "/api/moderation/bans/any", null}, new String[] {"GET", "/api/audit", null},
                new String[] {"GET", "/api/cluster", null});
        for (String[] endpoint : endpoints) {
            for (String token : new String[] {null, ChorusServer.BOT_TOKEN, "wrong-token", OPERATOR + "x"}) {
                Reply reply = call(a, endpoint[0], endpoint[1], token, endpoint[2]);
                assertEquals(401, reply.status(), endpoint[0] + " " + endpoint[1] + " with " + token + ": " + reply.body());
                assertTrue(reply.json().getString("error").contains("operator credential"), reply.body());
            }
        }
        assertEquals(0, operator(a, "GET", "/api/moderation/bans", null).json().getJsonArray("bans").size(),
                "no refused call stored a ban");
        assertEquals(200, operator(a, "GET", "/api/bot/queue", null).status(), "the bot queue takes the operator's");
        assertEquals(200, call(a, "GET", "/api/bot/queue", ChorusServer.BOT_TOKEN, null).status(), "and the bot's");
        assertEquals(401, call(a, "GET", "/api/bot/queue", "wrong-token", null).status());
    }

    @Test
    @Order(2)
    void badRequestsAreRefusedWithAJsonErrorAndStoreNothing() {
        Map<String, String> refused = Map.of(
                "{\"minutes\":5,\"reason\":\"x\"}", "address",
                "{\"address\":\"10.0.0.1\",\"username\":\"bob\",\"minutes\":5,\"reason\":\"x\"}", "username",
                "{\"address\":\"10.0.0.1\",\"minutes\":0,\"reason\":\"x\"}", "minutes",
                "{\"address\":\"10.0.0.1\",\"minutes\":\"5\",\"reason\":\"x\"}", "minutes",
                "{\"address\":\"10.0.0.1\",\"minutes\":525601,\"reason\":\"x\"}", "minutes",
                "{\"address\":\"10.0.0.1\",\"minutes\":5,\"reason\":\"  \"}", "reason",
                "{\"address\":\"10.0.0.1 ; drop\",\"minutes\":5,\"reason\":\"x\"}", "address",
                "{\"username\":\"!!!\",\"minutes\":5,\"reason\":\"x\"}", "username",
                "{\"address\":\"localhost\",\"minutes\":5,\"reason\":\"x\"}", "address",
                "{\"address\":\"2001:db8::zz\",\"minutes\":5,\"reason\":\"x\"}", "address");
        refused.forEach((body, field) -> {
            Reply reply = operator(a, "POST", "/api/moderation/bans", body);
            assertEquals(400, reply.status(), body + ": " + reply.body());
            assertEquals(field, reply.json().getString("field"), body);
        });
        assertEquals(400, operator(a, "POST", "/api/moderation/bans", "not json").status());
        assertEquals("limit", operator(a, "GET", "/api/audit?limit=0", null).json().getString("field"));
        assertEquals(404, operator(a, "DELETE", "/api/comments/no-such-message", null).status());
        assertEquals(404, operator(a, "POST", "/api/comments/no-such-message/restore", null).status());
        assertEquals(404, operator(a, "DELETE", "/api/moderation/bans/no-such-ban", null).status());
        assertEquals(0, operator(b, "GET", "/api/moderation/bans", null).json().getJsonArray("bans").size());
        assertEquals(0, operator(b, "GET", "/api/audit", null).json().getJsonArray("entries").size(),
                "refused calls are not operator actions");
    }

    @Test
    @Order(3)
    void aMessageHiddenOnOneMemberIsGoneFromEveryReaderOfBothAndCursorsNeitherSkipNorRepeat() throws Exception {
        List<JsonObject> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reply reply = postAs(a, "10.2.0.1", "hide-" + i, "hidesam");
            assertEquals(200, reply.status(), reply.body());
            posted.add(reply.json());
        }
        long before = posted.get(0).getJsonNumber("timestamp").longValue() - 1;
        long totalBefore = b.client().totalMessages();
        for (ChorusServer member : List.of(a, b)) { // each member keeps this search's total from here on
            assertEquals(5, total(member, "&search=text+of+hide"), "search total before the hide");
        }
        try (SseClient stream = SseClient.open(b.baseUri(), "?after=" + before, null)) {
            assertEquals(5, stream.collect(got -> got.size() == 5, Duration.ofSeconds(10)).size());

            Reply hidden = operator(a, "DELETE", "/api/comments/hide-2", null);
            assertEquals(200, hidden.status(), hidden.body());
            assertTrue(hidden.json().getBoolean("hidden"));
            List<String> rest = List.of("hide-4", "hide-3", "hide-1", "hide-0");
            assertEquals(rest, ids(a.client().poll(before, 50)), "gone on the member that hid it, at once");
            Awaitility.await("gone on the other member's polls").atMost(Duration.ofSeconds(10))
                    .until(() -> ids(b.client().poll(before, 50)).equals(rest));
            for (ChorusServer member : List.of(a, b)) {
                assertFalse(page(member, "").contains("hide-2"), "pages");
                assertFalse(page(member, "&search=text+of+hide").contains("hide-2"), "search");
                assertEquals(4, total(member, "&search=text+of+hide"), "search total");
                JsonObject uss = member.client().get("/api/comments?uss=hidesam&limit=50").json();
                assertEquals(4, uss.getJsonNumber("total").longValue(), "uss total");
                assertFalse(ids(uss.getJsonArray("comments").getValuesAs(JsonObject.class)).contains("hide-2"), "uss");
                assertEquals(totalBefore - 1, member.client().totalMessages(), "stats");
                assertEquals(totalBefore - 1, total(member, ""), "page total");
            }

            List<SseClient.Event> told = stream.collect(got -> !got.isEmpty(), Duration.ofSeconds(5));
            assertEquals(1, told.size(), "the stream tells its reader");
            assertEquals("hidden", told.get(0).name());
            assertEquals("hide-2", told.get(0).json().getString("id"));

            Reply next = postAs(b, "10.2.0.1", "hide-5", "hidesam");
            assertEquals(200, next.status());
            List<SseClient.Event> after = stream.collect(got -> !got.isEmpty(), Duration.ofSeconds(10));
            assertEquals("hide-5", after.get(0).json().getString("id"), "the stream goes on, nothing repeated");
            for (ChorusServer member : List.of(a, b)) {
                Awaitility.await("the new post in the search's total").atMost(Duration.ofSeconds(10))
                        .until(() -> total(member, "&search=text+of+hide") == 5);
            }
            long cursorAtHide1 = posted.get(1).getJsonNumber("timestamp").longValue();
            assertEquals(List.of("hide-5", "hide-4", "hide-3"), ids(b.client().poll(cursorAtHide1, 50)),
                    "a cursor from before the hidden message skips nothing after it");
            assertEquals(List.of("hide-5"), ids(a.client().poll(posted.get(4).getJsonNumber("timestamp").longValue(), 50)));
        }
        assertEquals(200, operator(b, "DELETE", "/api/comments/hide-2", null).status(), "hiding again is no error");
        assertEquals(totalBefore, b.client().totalMessages(), "and changes no count (5 + 1 - 1)");

        for (ChorusServer member : List.of(a, b)) { // re-posting a hidden message's id does not read it back
            Reply again = postAs(member, "10.2.0.1", "hide-2", "hidesam");
            assertEquals(410, again.status(), again.body());
            assertEquals("id", again.json().getString("field"));
            assertFalse(again.body().contains("text of hide-2"), again.body());
            assertEquals("true", again.header("X-Chorus-Duplicate"), "nothing stored: the id is taken");
            assertEquals(totalBefore, member.client().totalMessages());
        }

        long newest = b.client().poll(0, 1000).stream().mapToLong(m -> m.getJsonNumber("timestamp").longValue())
                .max().orElseThrow();
        try (SseClient onA = SseClient.open(a.baseUri(), "?after=" + newest, null);
             SseClient onB = SseClient.open(b.baseUri(), "?after=" + newest, null)) {
            Reply restored = operator(b, "POST", "/api/comments/hide-2/restore", null);
            assertEquals(200, restored.status(), restored.body());
            assertFalse(restored.json().getBoolean("hidden"));
            for (SseClient stream : List.of(onA, onB)) { // both are past it: each is sent it once, as restored
                List<SseClient.Event> told = stream.collect(got -> !got.isEmpty(), Duration.ofSeconds(10));
                assertEquals("restored", told.get(0).name(), told.toString());
                assertFalse(told.get(0).withId(), "no SSE id: the reader's cursor stays");
                assertEquals("hide-2", told.get(0).json().getString("id"));
                assertEquals("text of hide-2", told.get(0).json().getString("text"));
            }
        }
        assertEquals(200, postAs(a, "10.2.0.1", "hide-2", "hidesam").status(), "restored: a plain duplicate again");
        for (ChorusServer member : List.of(b, a)) {
            Awaitility.await("back on both members").atMost(Duration.ofSeconds(10))
                    .until(() -> page(member, "").contains("hide-2"));
            List<String> shown = page(member, "");
            assertEquals(List.of("hide-0", "hide-1", "hide-2", "hide-3", "hide-4", "hide-5"),
                    shown.subList(shown.indexOf("hide-0"), shown.size()), "at its own place");
            assertEquals(totalBefore + 1, member.client().totalMessages());
            assertEquals(6, total(member, "&search=text+of+hide"));
        }
    }

    @Test
    @Order(4)
    void bansHoldOnEveryMemberAndAcrossARestartAndEveryActionIsAudited() throws Exception {
        Reply ban = operator(a, "POST", "/api/moderation/bans",
                "{\"address\":\"10.9.9.9\",\"minutes\":30,\"reason\":\"spam links\"}");
        assertEquals(201, ban.status(), ban.body());
        String banId = ban.json().getString("id");
        Reply nameBan = operator(a, "POST", "/api/moderation/bans",
                "{\"username\":\"Spam_Bot\",\"minutes\":10,\"reason\":\"impersonation\"}");
        assertEquals(201, nameBan.status(), nameBan.body());
        assertEquals("spambot", nameBan.json().getString("subject"));

        // b reads the bans again at most a second after its last read: until then a probe may still be stored
        Awaitility.await("the ban holds on the other member").atMost(Duration.ofSeconds(5))
                .until(() -> postAs(b, "10.9.9.9", "probe-" + System.nanoTime(), "eve").status() == 403);
        Reply refused = postAs(b, "10.9.9.9", "banned-1", "eve");
        assertEquals(403, refused.status());
        assertEquals("spam links", refused.json().getString("reason"));
        long left = refused.json().getJsonNumber("secondsLeft").longValue();
        assertTrue(left > 25 * 60 && left <= 30 * 60, "time left " + left);
        assertTrue(refused.json().getString("error").contains("spam links"));
        assertEquals(String.valueOf(left), refused.header("Retry-After"));
        assertEquals(403, postAs(a, "10.9.9.9", "banned-2", "eve").status());
        assertEquals(200, postAs(b, "10.9.9.10", "neighbour", "eve").status(), "another address posts");
        Awaitility.await("the name ban holds on b").atMost(Duration.ofSeconds(5))
                .until(() -> postAs(b, "10.9.8.1", "probe-" + System.nanoTime(), "spam-bot").status() == 403);
        assertEquals("impersonation", postAs(b, "10.9.8.2", "name-1", "SpamBot").json().getString("reason"));
        Reply botPost = a.client().post(Json.createObjectBuilder().add("id", "bot-exempt").add("text", "persona")
                .add("message-type", "AI").build(),
                Map.of("X-Forwarded-For", "10.9.9.9", "Authorization", "Bearer " + ChorusServer.BOT_TOKEN));
        assertEquals(200, botPost.status(), "a ban is against clients, not the bot: " + botPost.body());
        assertTrue(page(b, "").stream().noneMatch(id -> id.startsWith("banned-")), "nothing refused was stored");
        assertEquals(200, operator(a, "DELETE", "/api/comments/neighbour", null).status());

        assertTrue(operator(a, "POST", "/api/bot/pause", null).json().getBoolean("paused"));
        b.stop();
        b.start();
        assertTrue(operator(b, "GET", "/api/bot/queue", null).json().getBoolean("paused"),
                "dispatch paused on a, still paused on b after its restart");
        assertFalse(operator(b, "POST", "/api/bot/resume", null).json().getBoolean("paused"));
        Awaitility.await("resumed on a too").atMost(Duration.ofSeconds(5))
                .until(() -> !operator(a, "GET", "/api/bot/queue", null).json().getBoolean("paused"));
        assertEquals(403, postAs(b, "10.9.9.9", "after-restart", "eve").status(), "the ban survives the restart");
        List<String> bans = operator(b, "GET", "/api/moderation/bans", null).json().getJsonArray("bans")
                .getValuesAs(JsonObject.class).stream().map(j -> j.getString("id")).toList();
        assertTrue(bans.contains(banId), bans.toString());
        assertFalse(page(b, "").contains("neighbour"), "a hidden message stays hidden after the restart");
        assertEquals(0, total(b, "&search=text+of+neighbour"), "also in search");

        assertEquals(204, operator(b, "DELETE", "/api/moderation/bans/" + banId, null).status());
        Awaitility.await("lifted on the other member").atMost(Duration.ofSeconds(5))
                .until(() -> postAs(a, "10.9.9.9", "lifted", "eve").status() == 200);

        List<JsonObject> audit = operator(a, "GET", "/api/audit?limit=12", null).json().getJsonArray("entries")
                .getValuesAs(JsonObject.class);
        List<String> actions = audit.stream().map(e -> e.getString("action") + " " + e.getString("target", "")).toList();
        assertEquals(List.of("unban " + banId, "resume ", "pause ", "hide neighbour",
                "ban " + nameBan.json().getString("id"), "ban " + banId, "restore hide-2", "hide hide-2", "hide hide-2"),
                actions.subList(0, 9));
        for (JsonObject entry : audit) {
            assertEquals("operator", entry.getString("actor"));
            assertNotNull(entry.getJsonNumber("at"));
        }
        assertTrue(audit.get(5).getString("detail").contains("spam links"));
        assertEquals(2, operator(a, "GET", "/api/audit?limit=2", null).json().getJsonArray("entries").size());
    }

    @Test
    @Order(5)
    void theClusterViewListsBothMembersServing() {
        Awaitility.await("both members publish their state").atMost(Duration.ofSeconds(20)).until(() ->
                cluster(a).stream().filter(m -> m.getBoolean("serving")).count() == 2
                        && cluster(b).stream().filter(m -> m.getBoolean("serving")).count() == 2);
        List<JsonObject> fromA = cluster(a);
        List<JsonObject> fromB = cluster(b);
        assertEquals(2, fromA.size(), fromA.toString());
        for (List<JsonObject> view : List.of(fromA, fromB)) {
            assertEquals(1, view.stream().filter(m -> m.getBoolean("local")).count(), view.toString());
            for (JsonObject member : view) {
                assertTrue(member.getBoolean("seen"), member.toString());
                assertEquals("accepted", member.getString("writes"), member.toString());
                assertEquals(2, member.getInt("clusterSize"), member.toString());
                assertTrue(member.getJsonNumber("merges").longValue() >= 0);
            }
        }
        String aId = fromA.stream().filter(m -> m.getBoolean("local")).findFirst().orElseThrow().getString("id");
        String bId = fromB.stream().filter(m -> m.getBoolean("local")).findFirst().orElseThrow().getString("id");
        assertTrue(!aId.equals(bId) && fromB.stream().anyMatch(m -> m.getString("id").equals(aId)),
                "each member lists the other: " + fromA + " / " + fromB);
    }

    private static List<JsonObject> cluster(ChorusServer member) {
        return operator(member, "GET", "/api/cluster", null).json().getJsonArray("members").getValuesAs(JsonObject.class);
    }

    @Test
    @Order(6)
    void addressBansCompareAddressesHoweverTheyAreWritten() {
        assertEquals(201, operator(a, "POST", "/api/moderation/bans",
                "{\"address\":\"2001:db8::1\",\"minutes\":5,\"reason\":\"v6 spam\"}").status());
        Reply v4 = operator(a, "POST", "/api/moderation/bans",
                "{\"address\":\"::ffff:10.8.8.8\",\"minutes\":5,\"reason\":\"v4 spam\"}");
        assertEquals("10.8.8.8", v4.json().getString("subject"), "an IPv4-mapped address is its IPv4 address");
        Awaitility.await("the IPv6 ban holds on b, written out in full").atMost(Duration.ofSeconds(5)).until(() ->
                postAs(b, "2001:0db8:0:0:0:0:0:1", "v6-" + System.nanoTime(), "eve").status() == 403);
        assertEquals("v6 spam", postAs(b, "2001:DB8:0::1", "v6-probe", "eve").json().getString("reason"));
        Awaitility.await("the IPv4 ban holds on b").atMost(Duration.ofSeconds(5)).until(() ->
                postAs(b, "10.8.8.8", "v4-" + System.nanoTime(), "eve").status() == 403);
        assertEquals(403, postAs(a, "::ffff:10.8.8.8", "v4-mapped", "eve").status(), "the mapped form too");
        assertEquals(200, postAs(a, "2001:db8::2", "v6-neighbour", "eve").status(), "another address posts");
    }

    @Test
    @Order(7)
    void openApiListsEveryOperatorEndpointWithItsCredentialAndAnswers() {
        Reply reply = a.client().send(a.client().request("/openapi").header("Accept", "application/json").GET());
        assertEquals(200, reply.status(), reply.body());
        JsonObject document = reply.json();
        JsonObject paths = document.getJsonObject("paths");
        assertFalse(paths.keySet().stream().anyMatch(p -> p.contains("chat/completions") || p.contains("v0/models")
                || p.contains("//")), "the LLM client interfaces are not endpoints of Chorus: " + paths.keySet());
        assertEquals("bearer", document.getJsonObject("components").getJsonObject("securitySchemes")
                .getJsonObject("bearer").getString("scheme"));
        Map<String, List<String>> operatorEndpoints = Map.ofEntries(
                Map.entry("/api/comments/{id}", List.of("delete")),
                Map.entry("/api/comments/{id}/restore", List.of("post")),
                Map.entry("/api/moderation/bans", List.of("get", "post")),
                Map.entry("/api/moderation/bans/{id}", List.of("delete")),
                Map.entry("/api/audit", List.of("get")),
                Map.entry("/api/cluster", List.of("get")),
                Map.entry("/api/bot/queue", List.of("get")),
                Map.entry("/api/bot/requeue/{id}", List.of("post")),
                Map.entry("/api/bot/cancel/{id}", List.of("post")),
                Map.entry("/api/bot/priority/{id}", List.of("post")),
                Map.entry("/api/bot/pause", List.of("post")),
                Map.entry("/api/bot/resume", List.of("post")),
                Map.entry("/api/bot/personas", List.of("get")),
                Map.entry("/api/bot/personas/{id}/enable", List.of("post")),
                Map.entry("/api/bot/personas/{id}/disable", List.of("post")),
                Map.entry("/api/bot/llm", List.of("get")));
        operatorEndpoints.forEach((path, methods) -> {
            assertTrue(paths.containsKey(path), "OpenAPI lists " + path + ": " + paths.keySet());
            for (String method : methods) {
                JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
                assertNotNull(operation, method + " " + path);
                assertTrue(operation.containsKey("summary"), method + " " + path + " has a summary");
                assertTrue(operation.containsKey("security") && operation.getJsonArray("security").toString()
                        .contains("bearer"), method + " " + path + " names its credential: " + operation);
                JsonObject responses = operation.getJsonObject("responses");
                assertTrue(responses.containsKey("401"), method + " " + path + " answers 401: " + responses.keySet());
                assertTrue(responses.keySet().stream().anyMatch(code -> code.startsWith("2")),
                        method + " " + path + " documents its success: " + responses.keySet());
            }
        });
        JsonObject cancel = paths.getJsonObject("/api/bot/cancel/{id}").getJsonObject("post").getJsonObject("responses");
        assertTrue(cancel.getJsonObject("401").getString("description").contains("bot credential is refused"),
                "an operator-only endpoint does not promise the bot's credential: " + cancel);
        assertTrue(cancel.containsKey("409") && !cancel.containsKey("404"), "it answers 409, never 404: " + cancel);
        JsonObject enable = paths.getJsonObject("/api/bot/personas/{id}/enable").getJsonObject("post")
                .getJsonObject("responses");
        assertTrue(enable.containsKey("409") && !enable.containsKey("404"), "an unknown persona is 409: " + enable);
        assertTrue(paths.getJsonObject("/api/bot/queue").getJsonObject("get").getJsonObject("responses")
                .getJsonObject("401").getString("description").contains("or the bot"), "the queue takes both");
        JsonObject post = paths.getJsonObject("/api/comments").getJsonObject("post");
        assertFalse(post.containsKey("security"), "posting needs no credential");
        assertTrue(post.getJsonObject("responses").containsKey("410"), "a hidden message's id re-posted");
    }
}
