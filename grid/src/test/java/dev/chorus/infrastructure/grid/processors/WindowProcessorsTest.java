package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.TestMessages.ai;
import static dev.chorus.domain.TestMessages.human;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.BotParams;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** AppendToWindow, ReplaceInWindow and RetractFromWindow on one real embedded member (OBJECT format, as production). */
class WindowProcessorsTest {
    private static final String KEY = "recent";
    private static final AtomicInteger MAPS = new AtomicInteger();
    private static HazelcastInstance member;
    private IMap<String, RecentWindow> window;

    @BeforeAll
    static void start() {
        member = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(WindowProcessorsTest.class));
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    @BeforeEach
    void freshMap(TestInfo test) {
        window = member.getMap("window-" + MAPS.incrementAndGet() + "-" + test.getTestMethod().orElseThrow().getName());
    }

    private static List<String> ids(RecentWindow window) {
        return window.entries().stream().map(m -> m.id().value()).collect(Collectors.toList());
    }

    // --- AppendToWindow -----------------------------------------------------------------------------------

    @Test
    void appendCreatesTheWindowStampsAndReturnsTheStoredMessage() {
        long before = System.currentTimeMillis();
        Message sent = message("a").timestamp(5).context(List.of("x: y")).build();
        AppendOutcome outcome = window.executeOnKey(KEY, new AppendToWindow(sent, 500));
        long after = System.currentTimeMillis();

        assertFalse(outcome.duplicate());
        assertTrue(outcome.message().timestamp() >= before && outcome.message().timestamp() <= after,
                "stamped by the server clock, not the client's");
        assertNull(outcome.message().context(), "the window keeps messages slim");
        RecentWindow stored = window.get(KEY);
        assertEquals(List.of(outcome.message()), stored.entries());
        assertEquals(500, stored.capacity());
        assertEquals(new MessageCounts(1, 0), stored.counts());
        assertEquals(outcome.message().timestamp(), stored.lastTimestamp());
    }

    @Test
    void appendingTheSameProcessorTwiceEqualsAppendingOnce() {
        AppendToWindow append = new AppendToWindow(human("a"), 500);
        AppendOutcome first = window.executeOnKey(KEY, append);
        RecentWindow once = window.get(KEY);
        AppendOutcome second = window.executeOnKey(KEY, append);
        RecentWindow twice = window.get(KEY);

        assertFalse(first.duplicate());
        assertTrue(second.duplicate());
        assertEquals(first.message(), second.message(), "the stored message, with its original timestamp");
        assertEquals(once.entries(), twice.entries());
        assertEquals(once.counts(), twice.counts());
        assertEquals(once.lastTimestamp(), twice.lastTimestamp());
    }

    @Test
    void anEquivalentAppendOfTheSameIdIsADuplicateEvenWithOtherContent() {
        AppendOutcome first = window.executeOnKey(KEY, new AppendToWindow(human("a"), 500));
        window.executeOnKey(KEY, new AppendToWindow(human("b"), 500));
        AppendOutcome again = window.executeOnKey(KEY, new AppendToWindow(message("a").text("edited").build(), 500));

        assertTrue(again.duplicate());
        assertEquals(first.message(), again.message());
        assertEquals(List.of("a", "b"), ids(window.get(KEY)));
        assertEquals(2, window.get(KEY).counts().total());
    }

    @Test
    void appendsKeepTypeCountsAndEvictTheOldestPastCapacity() {
        for (int i = 1; i <= 5; i++) {
            window.executeOnKey(KEY, new AppendToWindow(i % 2 == 0 ? ai("m" + i) : human("m" + i), 3));
        }
        RecentWindow stored = window.get(KEY);
        assertEquals(List.of("m3", "m4", "m5"), ids(stored));
        assertEquals(new MessageCounts(3, 2), stored.counts());
        assertFalse(stored.holdsEverything());
    }

    @Test
    void appendingAnEvictedIdAgainIsNotDetectedAsDuplicate() {
        // documents the limit of the window's idempotency: it only knows the ids it still holds
        window.executeOnKey(KEY, new AppendToWindow(human("old"), 2));
        window.executeOnKey(KEY, new AppendToWindow(human("b"), 2));
        window.executeOnKey(KEY, new AppendToWindow(human("c"), 2));
        AppendOutcome again = window.executeOnKey(KEY, new AppendToWindow(human("old"), 2));
        assertFalse(again.duplicate());
    }

    // --- ReplaceInWindow ----------------------------------------------------------------------------------

    @Test
    void replaceUpdatesInPlaceAndTwiceEqualsOnce() {
        BotParams pending = BotParams.request("alice", null, null, null, null).startPending();
        AppendOutcome a = window.executeOnKey(KEY,
                new AppendToWindow(message("a").botParams(pending).build(), 500));
        window.executeOnKey(KEY, new AppendToWindow(human("b"), 500));
        Message patched = a.message().withBotParams(pending.withProcessed(true)).withTimestamp(0);

        ReplaceInWindow replace = new ReplaceInWindow(patched);
        assertTrue(window.executeOnKey(KEY, replace));
        RecentWindow once = window.get(KEY);
        assertTrue(window.executeOnKey(KEY, replace));
        assertTrue(window.executeOnKey(KEY, new ReplaceInWindow(patched)));
        RecentWindow twice = window.get(KEY);

        Message stored = once.find(new MessageId("a")).orElseThrow();
        assertEquals(a.message().timestamp(), stored.timestamp(), "timestamp kept");
        assertEquals(Boolean.TRUE, stored.botParams().processed());
        assertEquals(List.of("a", "b"), ids(once));
        assertEquals(once.entries(), twice.entries());
        assertEquals(once.counts(), twice.counts());
        assertEquals(new MessageCounts(2, 0), twice.counts());
    }

    @Test
    void replaceOfAnAbsentIdOrAbsentWindowChangesNothingAndCreatesNothing() {
        assertFalse(window.executeOnKey(KEY, new ReplaceInWindow(human("a"))));
        assertFalse(window.containsKey(KEY), "never creates the window");
        window.executeOnKey(KEY, new AppendToWindow(human("b"), 500));
        RecentWindow before = window.get(KEY);
        assertFalse(window.executeOnKey(KEY, new ReplaceInWindow(human("a"))));
        assertEquals(before.entries(), window.get(KEY).entries());
    }

    // --- RetractFromWindow --------------------------------------------------------------------------------

    @Test
    void retractRemovesAndAdjustsCountsAndTwiceEqualsOnce() {
        window.executeOnKey(KEY, new AppendToWindow(human("a"), 500));
        window.executeOnKey(KEY, AppendToWindow.pending(ai("b"), 500, "writer"));
        window.executeOnKey(KEY, new AppendToWindow(human("c"), 500));
        long last = window.get(KEY).lastTimestamp();

        RetractFromWindow retract = new RetractFromWindow(new MessageId("b"));
        assertTrue(window.executeOnKey(KEY, retract));
        RecentWindow once = window.get(KEY);
        assertFalse(window.executeOnKey(KEY, retract));
        assertFalse(window.executeOnKey(KEY, new RetractFromWindow(new MessageId("b"))));
        RecentWindow twice = window.get(KEY);

        assertEquals(List.of("a", "c"), ids(once));
        assertEquals(new MessageCounts(2, 0), once.counts());
        assertEquals(last, once.lastTimestamp());
        assertEquals(once.entries(), twice.entries());
        assertEquals(once.counts(), twice.counts());
    }

    @Test
    void retractNeverTakesBackACommittedMessage() {
        window.executeOnKey(KEY, AppendToWindow.pending(human("a"), 500, "writer"));
        window.executeOnKey(KEY, new CommitInWindow(new MessageId("a")));

        assertFalse(window.executeOnKey(KEY, new RetractFromWindow(new MessageId("a"))));
        assertEquals(List.of("a"), ids(window.get(KEY)));
    }

    @Test
    void retractOnAnAbsentWindowCreatesNothing() {
        assertFalse(window.executeOnKey(KEY, new RetractFromWindow(new MessageId("a"))));
        assertFalse(window.containsKey(KEY));
    }

    @Test
    void aRetriedPostAfterRetractIsAppendedAgainWithANewerTimestamp() {
        AppendOutcome first = window.executeOnKey(KEY, AppendToWindow.pending(human("a"), 500, "writer"));
        window.executeOnKey(KEY, new RetractFromWindow(new MessageId("a")));
        AppendOutcome retried = window.executeOnKey(KEY, new AppendToWindow(human("a"), 500));
        assertFalse(retried.duplicate());
        assertTrue(retried.message().timestamp() > first.message().timestamp());
        assertEquals(1, window.get(KEY).counts().total());
    }

    // --- concurrency --------------------------------------------------------------------------------------

    @Test
    void eightThreadsTimesOneHundredAppendsLoseNothing() throws Exception {
        List<AppendOutcome> outcomes = appendConcurrently(window, 8, 100, 1000);
        RecentWindow stored = window.get(KEY);

        assertEquals(800, stored.size());
        assertEquals(800, new HashSet<>(ids(stored)).size(), "800 distinct ids");
        assertStrictlyIncreasing(stored.entries());
        assertEquals(new MessageCounts(400, 400), stored.counts());
        assertEquals(800, stored.counts().total());
        Set<Long> stamps = outcomes.stream().map(o -> o.message().timestamp()).collect(Collectors.toSet());
        assertEquals(800, stamps.size(), "every caller got its own timestamp");
        assertEquals(stored.entries().stream().map(Message::timestamp).collect(Collectors.toSet()), stamps);
        assertEquals(stored.entries().get(799).timestamp(), stored.lastTimestamp());
    }

    @Test
    void eightThreadsTimesOneHundredAppendsIntoCapacity500KeepTheNewest500AndCount800() throws Exception {
        List<AppendOutcome> outcomes = appendConcurrently(window, 8, 100, 500);
        RecentWindow stored = window.get(KEY);

        assertEquals(500, stored.size());
        assertStrictlyIncreasing(stored.entries());
        assertEquals(800, stored.counts().total());
        assertEquals(new MessageCounts(400, 400), stored.counts());
        List<Message> newest500 = outcomes.stream().map(AppendOutcome::message)
                .sorted(Comparator.comparingLong(Message::timestamp))
                .skip(300).collect(Collectors.toList());
        assertEquals(newest500, stored.entries(), "exactly the 500 with the highest timestamps, in order");
    }

    static List<AppendOutcome> appendConcurrently(IMap<String, RecentWindow> map, int threads, int perThread,
                                                  int capacity) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<AppendOutcome>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    List<AppendOutcome> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        String id = "t" + thread + "-" + i;
                        Message m = thread % 2 == 0 ? human(id) : ai(id);
                        AppendOutcome outcome = map.executeOnKey(KEY, new AppendToWindow(m, capacity));
                        assertFalse(outcome.duplicate());
                        mine.add(outcome);
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<AppendOutcome> all = new ArrayList<>();
            for (Future<List<AppendOutcome>> future : futures) {
                all.addAll(future.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertStrictlyIncreasing(List<Message> entries) {
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i - 1).timestamp() < entries.get(i).timestamp(),
                    "timestamps strictly increase at " + i);
        }
    }

    @Test
    void typesAreCountedSeparately() {
        window.executeOnKey(KEY, new AppendToWindow(human("h"), 500));
        window.executeOnKey(KEY, new AppendToWindow(message("x").type(MessageType.AI).build(), 500));
        assertEquals(new MessageCounts(1, 1), window.get(KEY).counts());
    }
}
