package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.TestMessages.ai;
import static dev.chorus.domain.TestMessages.human;
import static dev.chorus.domain.TestMessages.message;
import static dev.chorus.infrastructure.grid.processors.WindowProcessorsTest.assertStrictlyIncreasing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real members joined by tcp-ip on 127.0.0.1, window map with one backup (OBJECT format, as production).
 * Processors are applied from both members, then the key's owner is killed (terminate, no graceful migration):
 * the survivor can only have the window if every processor's backup carried the primary's computed value.
 */
class TwoMemberWindowProcessorsTest {
    private static final String KEY = "recent";
    private static final String WINDOW = "window";
    private HazelcastInstance a;
    private HazelcastInstance b;
    private HazelcastInstance owner;
    private HazelcastInstance other;

    @BeforeEach
    void formCluster() throws InterruptedException {
        String cluster = EmbeddedGrid.uniqueClusterName(TwoMemberWindowProcessorsTest.class);
        int portA = EmbeddedGrid.freePort();
        int portB = EmbeddedGrid.freePort();
        List<Integer> ports = List.of(portA, portB);
        a = EmbeddedGrid.member(cluster, portA, ports);
        b = EmbeddedGrid.member(cluster, portB, ports);
        EmbeddedGrid.awaitMembers(2, a, b);
        a.getMap(WINDOW).size(); // create the map and its partitions on both sides
        EmbeddedGrid.awaitClusterSafe(a, b);
        owner = EmbeddedGrid.owns(a, KEY) ? a : b;
        other = owner == a ? b : a;
        assertTrue(EmbeddedGrid.owns(owner, KEY) && !EmbeddedGrid.owns(other, KEY));
    }

    @AfterEach
    void stopCluster() {
        for (HazelcastInstance instance : new HazelcastInstance[] {a, b}) {
            if (instance != null && instance.getLifecycleService().isRunning()) {
                instance.getLifecycleService().terminate();
            }
        }
    }

    private static IMap<String, RecentWindow> window(HazelcastInstance member) {
        return member.getMap(WINDOW);
    }

    private static List<String> ids(RecentWindow window) {
        return window.entries().stream().map(m -> m.id().value()).collect(Collectors.toList());
    }

    /** Kills the owner of {@link #KEY} without a graceful hand-over and waits until the survivor is alone. */
    private void killOwner() throws InterruptedException {
        owner.getLifecycleService().terminate();
        EmbeddedGrid.awaitMembers(1, other);
    }

    private static void assertSameWindow(RecentWindow expected, RecentWindow actual) {
        assertNotNull(actual, "the survivor lost the window");
        assertEquals(expected.entries(), actual.entries());
        assertEquals(expected.counts(), actual.counts());
        assertEquals(expected.lastTimestamp(), actual.lastTimestamp());
        assertEquals(expected.capacity(), actual.capacity());
    }

    @Test
    void everyWindowProcessorAppliedFromEitherMemberReachesTheBackup() throws InterruptedException {
        BotParams pending = BotParams.request("alice", 1, null, null, null).startPending();
        AppendOutcome m1 = window(a).executeOnKey(KEY, new AppendToWindow(message("m1").botParams(pending).build(), 500));
        AppendOutcome m2 = window(b).executeOnKey(KEY, new AppendToWindow(ai("m2"), 500));
        window(owner).executeOnKey(KEY, AppendToWindow.pending(human("m3"), 500, "writer"));
        window(other).executeOnKey(KEY, new AppendToWindow(human("m4"), 500));
        AppendToWindow m5 = new AppendToWindow(human("m5"), 500);
        window(other).executeOnKey(KEY, m5);

        // idempotent from either side, with the same instance and with an equivalent one
        assertTrue(window(a).executeOnKey(KEY, new AppendToWindow(message("m1").botParams(pending).build(), 500)).duplicate());
        assertTrue(window(b).executeOnKey(KEY, new AppendToWindow(ai("m2"), 500)).duplicate());
        assertTrue(window(other).executeOnKey(KEY, m5).duplicate());
        assertEquals(m1.message(), window(b).executeOnKey(KEY, new AppendToWindow(human("m1"), 500)).message());

        Message patched = m1.message().withBotParams(pending.withProcessed(true));
        assertTrue(window(other).executeOnKey(KEY, new ReplaceInWindow(patched)));
        assertTrue(window(owner).executeOnKey(KEY, new ReplaceInWindow(patched)));
        assertTrue(window(owner).executeOnKey(KEY, new RetractFromWindow(new MessageId("m3"))));
        assertFalse(window(other).executeOnKey(KEY, new RetractFromWindow(new MessageId("m3"))));

        RecentWindow primary = window(owner).get(KEY);
        assertEquals(List.of("m1", "m2", "m4", "m5"), ids(primary));
        assertEquals(new MessageCounts(3, 1), primary.counts());
        assertEquals(BotStatus.COMPLETE, primary.find(new MessageId("m1")).orElseThrow().botParams().status());
        assertEquals(m2.message().timestamp(), primary.find(new MessageId("m2")).orElseThrow().timestamp());
        assertSameWindow(primary, window(other).get(KEY));

        killOwner();

        RecentWindow survived = window(other).get(KEY);
        assertSameWindow(primary, survived);
        AppendOutcome next = window(other).executeOnKey(KEY, new AppendToWindow(human("m6"), 500));
        assertTrue(next.message().timestamp() > primary.lastTimestamp(), "the cursor continues after fail-over");
    }

    @Test
    void batchesOfStampsAndCommitsSentFromTheOtherMemberReachTheBackupWithThePrimarysTimestamps() throws Exception {
        window(owner).executeOnKey(KEY, new InstallWindow(RecentWindow.empty(500), 3));
        List<Stamp> stamps = window(other).executeOnKey(KEY,
                new StampPendingBatch(List.of(human("b1"), human("b2"), human("b3")), "writer"));
        assertEquals(3, stamps.size());
        assertStrictlyIncreasing(stamps.stream().map(Stamp::message).toList());
        long[] versions = window(other).executeOnKey(KEY, new CommitBatchInWindow(
                List.of(new MessageId("b1"), new MessageId("b2"), new MessageId("b3"))));
        assertEquals(versions[0] + 1, versions[1]);
        assertEquals(versions[1] + 1, versions[2]);
        RecentWindow primary = window(owner).get(KEY);
        assertEquals(versions[2], primary.version());
        assertTrue(primary.pending().isEmpty());

        killOwner();

        RecentWindow survived = window(other).get(KEY);
        assertSameWindow(primary, survived);
        assertEquals(primary.version(), survived.version(), "every delta of both batches reached the backup");
        for (Stamp stamp : stamps) {
            assertEquals(stamp.message().timestamp(), survived.find(stamp.message().id()).orElseThrow().timestamp());
        }
    }

    @Test
    void setProcessedReachesTheBackupOfTheMessage() throws InterruptedException {
        String id = "msg-0";
        for (int i = 1; !EmbeddedGrid.owns(owner, id); i++) {
            id = "msg-" + i; // a message key owned by the member about to be killed
        }
        IMap<String, Message> messages = other.getMap("messages");
        BotParams pending = BotParams.request("alice", null, null, null, null).startPending();
        messages.put(id, message(id).botParams(pending).build());
        Message done = other.<String, Message>getMap("messages").executeOnKey(id, new SetProcessed(true));
        assertEquals(done, owner.<String, Message>getMap("messages").executeOnKey(id, new SetProcessed(true)));

        killOwner();

        assertEquals(done, messages.get(id));
        assertEquals(BotStatus.COMPLETE, messages.get(id).botParams().status());
    }

    @Test
    void concurrentAppendsFromBothMembersLoseNothingAndSurviveTheOwnersLoss() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<AppendOutcome>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                IMap<String, RecentWindow> map = window(thread % 2 == 0 ? a : b);
                futures.add(pool.submit(() -> {
                    go.await();
                    List<AppendOutcome> mine = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        String id = "t" + thread + "-" + i;
                        mine.add(map.executeOnKey(KEY, new AppendToWindow(thread < 4 ? human(id) : ai(id), 1000)));
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<AppendOutcome> outcomes = new ArrayList<>();
            for (Future<List<AppendOutcome>> future : futures) {
                outcomes.addAll(future.get(60, TimeUnit.SECONDS));
            }
            assertTrue(outcomes.stream().noneMatch(AppendOutcome::duplicate));
        } finally {
            pool.shutdownNow();
        }

        RecentWindow primary = window(owner).get(KEY);
        assertEquals(800, primary.size());
        assertEquals(800, new HashSet<>(ids(primary)).size());
        assertStrictlyIncreasing(primary.entries());
        assertEquals(new MessageCounts(400, 400), primary.counts());

        killOwner();

        assertSameWindow(primary, window(other).get(KEY));
    }

    /**
     * A processor instance run twice by a caller on the key's owner (Hazelcast does not copy it for a local call):
     * the second, idempotent run changes nothing, so it must not send a backup that rolls the window back.
     * A processor keeps the change it shipped only until its next run (see WindowChangeProcessorTest).
     */
    @Test
    void rerunningAProcessorOnTheOwnerDoesNotRollTheBackupBack() throws InterruptedException {
        AppendToWindow appendA = new AppendToWindow(human("a"), 500);
        window(owner).executeOnKey(KEY, appendA);
        window(other).executeOnKey(KEY, new AppendToWindow(human("b"), 500));
        assertTrue(window(owner).executeOnKey(KEY, appendA).duplicate());
        RecentWindow primary = window(owner).get(KEY);
        assertEquals(List.of("a", "b"), ids(primary));

        killOwner();

        assertSameWindow(primary, window(other).get(KEY));
    }
}
