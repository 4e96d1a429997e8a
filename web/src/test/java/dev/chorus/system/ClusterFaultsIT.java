package dev.chorus.system;

import dev.chorus.testing.Prerequisites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.bot.LlmStub;
import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.Firewall;
import dev.chorus.support.LoopbackAlias;
import dev.chorus.support.Members;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The faults a real cluster sees more often than a crash, on three members sharing one PostgreSQL database,
 * with posters (plain and persona messages) and pollers on every member: a member paused (SIGSTOP, as a long
 * GC pause or a frozen VM) until the other two have declared it gone and for longer than its clients wait, then a
 * member cut off from the other two (iptables drops its grid traffic) until both sides have noticed and 10 s more. After each: every acknowledged message is stored, seen exactly once by every poller, found by
 * a fresh {@code after=0} walk and by paging on every member, counted right, and every persona message has
 * exactly one reply; no POST took longer than its bound. Grid timings are the shipped ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {
    /** The third member gets a loopback address of its own, so a firewall rule can single out its grid traffic. */
    private static final String OWN_ADDRESS = "127.0.0.2";
    private static final long POST_BOUND_MILLIS = 10_000;
    private static final Duration SETTLE = Duration.ofSeconds(150);
    /** How long the partition is held once both sides have noticed it. */
    private static final Duration SPLIT_HELD = Duration.ofSeconds(10);

    private Path dir;
    private LlmStub llm;
    private Members members;
    private LoopbackAlias alias;
    /** From the heal (or the paused member's return) until every poller had every message acknowledged before it. */
    private long settledMillis;
    private final StringBuilder noAlias = new StringBuilder();

    @BeforeAll
    void startCluster() throws Exception {
        alias = LoopbackAlias.add(OWN_ADDRESS, noAlias).orElse(null);
        List<String> hosts = List.of("127.0.0.1", "127.0.0.1", alias != null ? OWN_ADDRESS : "127.0.0.1");
        dir = Files.createTempDirectory("chorus-faults-");
        llm = LlmStub.start(50);
        Path entities = dir.resolve("entities.json");
        Files.writeString(entities, "{\"entities\":[{\"id\":\"" + DrillLoad.PERSONA + "\",\"enabled\":true,"
                + "\"username\":\"Drill\",\"color\":\"010200030\",\"model\":\"echo-model\","
                + "\"systemPrompt\":\"You are a test persona.\",\"userPrompt\":\"Answer briefly.\"}]}");
        members = Members.start(hosts, Map.of("CHORUS_ENTITIES", entities.toString(),
                "CHORUS_LLM_SERVERS", llm.baseUrl().toString()));
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (members != null) {
                members.close();
            }
        } finally {
            if (llm != null) {
                llm.close();
            }
            ChorusServer.deleteRecursively(dir);
            if (alias != null) {
                alias.close();
            }
        }
    }

    @Test
    @Order(1)
    void aPausedMemberLosesNothingAndHidesNothing() throws Exception {
        ChorusServer paused = members.get(2);
        try (DrillLoad load = new DrillLoad(members.all(), "pause")) {
            load.start();
            awaitPostsOnEveryMember(load);
            paused.pause();
            long pausedAt = System.nanoTime();
            // posts already under way when it froze may still be answered: count from two seconds in
            Thread.sleep(2_000);
            long healthyBefore = load.acknowledgedBy(0) + load.acknowledgedBy(1);
            // Frozen until the other two have declared it gone (the shipped failure detector: no heartbeat for
            // 15 s), and for longer than its clients wait for an answer (DrillLoad: 20 s), so that it comes back
            // to a cluster that has moved on without it, and its own clients saw their posts go unanswered.
            awaitMembers(members.get(0), 2, Duration.ofSeconds(90));
            awaitMembers(members.get(1), 2, Duration.ofSeconds(30));
            long frozenFor = Math.max(0, DrillLoad.REQUEST_TIMEOUT.toMillis() + 1_000 - millisSince(pausedAt));
            Thread.sleep(frozenFor);
            long healthyWhileFrozen = load.acknowledgedBy(0) + load.acknowledgedBy(1) - healthyBefore;
            paused.resume();
            long frozenMillis = millisSince(pausedAt);
            System.out.printf("pause drill: the two healthy members acknowledged %d posts while member 2 was frozen"
                    + " (from 2 s into the pause)%n", healthyWhileFrozen);
            // the frozen member's open transaction must not hold every other member's posts for as long as it
            // is frozen: it held the writer row, and before PostgreSQL's idle-transaction timeout was set none was
            // stored anywhere from the first moments of the pause until it resumed
            assertTrue(healthyWhileFrozen > 0, "the healthy members stored nothing while member 2 was frozen");
            settledMillis = load.millisUntilAllSeen(SETTLE);
            Thread.sleep(Math.max(0, 10_000 - settledMillis));
            load.stopPosting();
            System.out.printf("pause drill: member 2 was frozen for %d ms%n", frozenMillis);
            // a frozen process answers nothing while frozen: its own clients' bound is the pause plus the POST bound
            assertEverythingDelivered(load, "pause", 2, frozenMillis);
        } finally {
            paused.resume();
        }
    }

    @Test
    @Order(2)
    void aPartitionedMemberLosesNothingAndHidesNothing() throws Exception {
        Prerequisites.require(Firewall.unavailableBecause().isEmpty(),
                () -> "partition drill skipped: " + Firewall.unavailableBecause().orElse(""));
        Prerequisites.require(alias != null, () -> "partition drill skipped: " + noAlias);
        ChorusServer cut = members.get(2);
        try (DrillLoad load = new DrillLoad(members.all(), "split"); Firewall firewall = new Firewall()) {
            load.start();
            awaitPostsOnEveryMember(load);
            firewall.isolate(cut.host(), cut.gridPort(), members.get(0).host(),
                    List.of(members.get(0).gridPort(), members.get(1).gridPort()));
            long cutAt = System.nanoTime();
            // Both sides notice the split (the shipped failure detector: no heartbeat for 15 s): the majority
            // goes on as two, the cut-off member refuses posts and says why.
            awaitMembers(members.get(0), 2, Duration.ofSeconds(90));
            JsonObject cutOff = Awaitility.await("the cut-off member refuses posts").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> cluster(cut), data -> "refused".equals(data.getString("writes")));
            assertEquals("refused", cutOff.getString("writes"), "the cut-off member says it refuses posts: " + cutOff);
            assertTrue(cutOff.getString("reason").contains("sees 1 of the 2"), cutOff.toString());
            // Then the split stays for a while: both sides serve their readers, only the majority takes posts.
            Thread.sleep(SPLIT_HELD.toMillis());
            System.out.printf("partition drill: member 2 was cut off for %d ms%n", millisSince(cutAt));
            firewall.heal();
            settledMillis = load.millisUntilAllSeen(SETTLE);
            Thread.sleep(Math.max(0, 10_000 - settledMillis));
            load.stopPosting();
            assertEverythingDelivered(load, "split", 2, 0);
            JsonObject healed = cluster(cut);
            assertEquals("accepted", healed.getString("writes"), healed.toString());
            assertEquals(3, number(healed, "members"), healed.toString());
            assertTrue(number(healed, "merges") >= 1, "the merge is counted: " + healed);
        }
    }

    /** {@code faulty}: the member the fault hit; its posts may also wait {@code frozenMillis} (it was stopped). */
    private void assertEverythingDelivered(DrillLoad load, String drill, int faulty, long frozenMillis)
            throws Exception {
        long settleStart = System.nanoTime();
        boolean delivered = load.awaitDelivered(SETTLE);
        long settleMillis = (System.nanoTime() - settleStart) / 1_000_000;
        Set<String> stored = storedIds();
        System.out.printf("%s drill: %d posts acknowledged, %d refused (503/no answer), %d other errors,"
                        + " slowest POST %d / %d ms (healthy members / the faulty one), every poller had everything"
                        + " acknowledged before the heal %d ms after it, and everything %d ms after posting stopped%n",
                drill, load.acknowledged().size(), load.refused(), load.failed(),
                Math.max(load.slowestPostMillis(0), load.slowestPostMillis(1)), load.slowestPostMillis(faulty),
                settledMillis, settleMillis);

        assertTrue(load.acknowledged().size() > 50, "the drill posted: " + load.acknowledged().size());
        assertTrue(load.refused() > 0, "the fault took effect: some posts were refused or unanswered");
        assertEquals(Set.of(), difference(load.acknowledged(), stored), "acknowledged but not in the database");
        for (int i = 0; i < members.all().size(); i++) {
            assertEquals(List.of(), load.missedBy(i), "acknowledged messages poller " + i + " never received");
            assertEquals(List.of(), load.repeatedTo(i), "messages poller " + i + " received twice");
        }
        assertTrue(delivered, "not every poller caught up within " + SETTLE);
        assertExactlyOneReplyEach(load.personaAcknowledged());
        for (ChorusServer member : members.all()) {
            BoardClient client = member.client();
            assertStatsEqualTheDatabase(client, member.baseUri().toString());
            assertEachOnce(freshWalk(client), load.acknowledged(), "fresh after=0 walk on " + member.baseUri());
            assertEachOnce(client.allByPages(500).stream().map(m -> m.getString("id")).toList(), load.acknowledged(),
                    "paging on " + member.baseUri());
        }
        for (int i = 0; i < members.all().size(); i++) {
            long bound = POST_BOUND_MILLIS + 2_000 + (i == faulty ? frozenMillis : 0);
            assertTrue(load.slowestPostMillis(i) <= bound,
                    "a POST to member " + i + " took " + load.slowestPostMillis(i) + " ms; the bound is " + bound + " ms");
        }
    }

    /** Before the fault: every member's poster has had posts acknowledged, so the fault hits a busy board. */
    private static void awaitPostsOnEveryMember(DrillLoad load) {
        Awaitility.await("posts acknowledged on every member").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> IntStream.range(0, 3).allMatch(member -> load.acknowledgedBy(member) >= 20));
    }

    /** Waits until {@code member}'s cluster check reports {@code expected} members (its view of the grid). */
    private static void awaitMembers(ChorusServer member, int expected, Duration atMost) {
        Awaitility.await(member.baseUri() + " sees " + expected + " members").atMost(atMost)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> number(cluster(member), "members") == expected);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** The cluster check's data in this member's readiness answer (details need the operator's credential). */
    private static JsonObject cluster(ChorusServer member) {
        var ready = member.client().send(member.client().request("/health/ready")
                .header("Authorization", "Bearer " + ChorusServer.BOT_TOKEN).GET());
        return ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("cluster")).findFirst()
                .orElseThrow(() -> new AssertionError("no cluster check: " + ready.body())).getJsonObject("data");
    }

    /**
     * Stats equal the database's count. Replies to late persona messages may still be stored meanwhile, so both
     * are read again until they agree (within 20 s), as an operator comparing them would.
     */
    private void assertStatsEqualTheDatabase(BoardClient client, String member) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long stats;
        long stored;
        do {
            stored = storedIds().size();
            stats = client.totalMessages();
            if (stats == stored) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        assertEquals(stored, stats, "stats on " + member + " = database");
    }

    /** A health datum as a number (Payara may render numeric data as JSON strings). */
    private static long number(JsonObject data, String key) {
        return Long.parseLong(data.get(key).toString().replace("\"", ""));
    }

    private static List<String> freshWalk(BoardClient client) {
        List<String> ids = new java.util.ArrayList<>();
        long cursor = 0;
        while (true) {
            List<JsonObject> page = client.poll(cursor, 1000);
            if (page.isEmpty()) {
                return ids;
            }
            for (JsonObject message : page) {
                ids.add(message.getString("id"));
                cursor = Math.max(cursor, message.getJsonNumber("timestamp").longValue());
            }
        }
    }

    private static void assertEachOnce(List<String> ids, Set<String> expected, String what) {
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        assertEquals(Set.of(), difference(expected, counts.keySet()), what + ": acknowledged messages missing");
        assertEquals(List.of(), counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList(),
                what + ": messages listed twice");
    }

    private void assertExactlyOneReplyEach(Set<String> personaMessages) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<String, Integer> replies = replyCounts();
        while (!replies.keySet().containsAll(personaMessages) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            replies = replyCounts();
        }
        assertEquals(Set.of(), difference(personaMessages, replies.keySet()), "persona messages never answered");
        Map<String, Integer> repeated = new HashMap<>(replies);
        repeated.values().removeIf(n -> n == 1);
        assertEquals(Map.of(), repeated, "persona messages answered more than once");
    }

    private Set<String> storedIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        query("SELECT id FROM messages", row -> ids.add(row.getString(1)));
        return ids;
    }

    private Map<String, Integer> replyCounts() throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        query("SELECT reply_to, COUNT(*) FROM messages WHERE message_type = 'AI' AND reply_to IS NOT NULL"
                + " GROUP BY reply_to", row -> counts.put(row.getString(1), row.getInt(2)));
        return counts;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        try (Connection connection = DriverManager.getConnection(members.database().url(), "postgres", "");
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> missing = new HashSet<>(a);
        missing.removeAll(b);
        return missing;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }
}
