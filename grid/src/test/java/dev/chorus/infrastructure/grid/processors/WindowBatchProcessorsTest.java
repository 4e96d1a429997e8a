package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowDelta;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batches of one member's concurrent posts on a real member: each post answered as its own StampPending or
 * CommitInWindow would answer it, in order (a repeat in the same batch is a duplicate; a retracted one is -1),
 * and one delta per change, in order, for the replicas.
 */
class WindowBatchProcessorsTest {
    private static final String KEY = "recent";
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        member = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(WindowBatchProcessorsTest.class));
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    private static IMap<String, RecentWindow> takenOver(String name) {
        IMap<String, RecentWindow> window = member.getMap(name);
        window.executeOnKey(KEY, new InstallWindow(RecentWindow.restored(List.of(human("old").withTimestamp(1000)),
                new MessageCounts(1, 0), 1000, 500), 4));
        return window;
    }

    @Test
    void eachPostOfABatchIsStampedAsItWouldBeAloneAndARepeatInTheBatchIsItsDuplicate() throws Exception {
        IMap<String, RecentWindow> window = takenOver("batch-stamps");
        List<WindowDelta> heard = new CopyOnWriteArrayList<>();
        UUID listener = member.<WindowDelta>getTopic(WindowChanges.TOPIC)
                .addMessageListener(m -> heard.add(m.getMessageObject()));
        try {
            RecentWindow start = window.get(KEY);
            long before = start.version();
            List<Stamp> stamps = window.executeOnKey(KEY,
                    new StampPendingBatch(List.of(human("p1"), human("p2"), human("p1"), human("old")), "writer"));

            assertEquals(4, stamps.size());
            assertFalse(stamps.get(0).duplicate() || stamps.get(1).duplicate());
            assertTrue(stamps.get(0).message().timestamp() > 1000);
            assertTrue(stamps.get(1).message().timestamp() > stamps.get(0).message().timestamp());
            assertTrue(stamps.get(2).duplicate(), "the repeat finds the first in the same batch");
            assertEquals(stamps.get(0).message(), stamps.get(2).message());
            assertTrue(stamps.get(3).duplicate(), "an id already in the window");
            stamps.forEach(s -> assertEquals(4, s.epoch()));

            RecentWindow after = window.get(KEY);
            assertEquals(before + 2, after.version(), "two changes: one per new post");
            assertTrue(after.isPending(new MessageId("p1")) && after.isPending(new MessageId("p2")));

            long[] versions = window.executeOnKey(KEY, new CommitBatchInWindow(
                    List.of(new MessageId("p2"), new MessageId("p1"), new MessageId("p1"), new MessageId("none"))));
            assertEquals(before + 3, versions[0]);
            assertEquals(before + 4, versions[1]);
            assertEquals(before + 4, versions[2], "committed already: the version that shows it");
            assertEquals(-1, versions[3], "not in the window");
            assertTrue(window.get(KEY).pending().isEmpty());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (heard.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(4, heard.size(), "one delta per change");
            RecentWindow copy = start; // a replica applies them in order to the window it had
            for (WindowDelta delta : heard) {
                assertEquals(WindowDelta.Fit.APPLIES, delta.fit(copy));
                copy = delta.applyTo(copy);
            }
            assertEquals(window.get(KEY).entries(), copy.entries());
            assertEquals(window.get(KEY).version(), copy.version());
        } finally {
            member.getTopic(WindowChanges.TOPIC).removeMessageListener(listener);
        }
    }

    @Test
    void aWindowNotTakenOverStampsNoPostOfTheBatch() {
        IMap<String, RecentWindow> window = member.getMap("batch-unfenced");
        window.set(KEY, RecentWindow.restored(List.of(), new MessageCounts(0, 0), 0, 500)); // as loaded: no stamper
        List<Stamp> stamps = window.executeOnKey(KEY,
                new StampPendingBatch(List.of(human("u1"), human("u2")), "writer"));
        assertTrue(stamps.stream().allMatch(Stamp::unfenced));
        assertEquals(0, window.get(KEY).size());
    }

    /** Commits its id, then fails: as a batch whose later post threw would. */
    static final class CommitsThenFails extends WindowChangesProcessor<Void> {
        private static final long serialVersionUID = 1L;

        @Override
        protected Void run(Changes changes) {
            changes.apply(new dev.chorus.domain.WindowChange.Committed(new MessageId("half")));
            throw new IllegalStateException("the next change failed");
        }
    }

    @Test
    void aBatchThatFailsHalfWayPublishesNothingTheWindowDoesNotHold() throws Exception {
        IMap<String, RecentWindow> window = takenOver("batch-half");
        window.executeOnKey(KEY, new StampPendingBatch(List.of(human("half")), "writer"));
        RecentWindow before = window.get(KEY);
        List<WindowDelta> heard = new CopyOnWriteArrayList<>();
        UUID listener = member.<WindowDelta>getTopic(WindowChanges.TOPIC)
                .addMessageListener(m -> heard.add(m.getMessageObject()));
        try {
            assertThrows(IllegalStateException.class, () -> window.executeOnKey(KEY, new CommitsThenFails()));
            Thread.sleep(300); // a published delta reaches a local listener within milliseconds
            assertEquals(List.of(), heard, "no replica may apply a change the owner's window does not have");
            assertEquals(before.version(), window.get(KEY).version());
            assertTrue(window.get(KEY).isPending(new MessageId("half")));
        } finally {
            member.getTopic(WindowChanges.TOPIC).removeMessageListener(listener);
        }
    }
}
