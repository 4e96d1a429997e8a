package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.infrastructure.grid.processors.CommitInWindow;
import dev.chorus.infrastructure.grid.processors.RetractFromWindow;
import dev.chorus.infrastructure.grid.processors.StampPending;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each member's replica of the window on a two-member embedded cluster: it receives every change made anywhere,
 * lets a caller wait for a change (a commit, a bookkeeping update, a pending entry settling) without polling the
 * owner, and can be read again from the owner (after a merge).
 */
class WindowReplicaTest {
    private static EmbeddedBoard grid;
    private static GridMember a;
    private static GridMember b;

    @BeforeAll
    static void start() {
        grid = EmbeddedBoard.start(WindowReplicaTest.class, 2);
        a = grid.member(0);
        b = grid.member(1);
    }

    @AfterAll
    static void stop() {
        grid.close();
    }

    private static Message post(GridMember member, String id) {
        return member.board.post(human(id), () -> { }).message();
    }

    @Test
    void everyCommitMadeOnOneMemberReachesTheOthersReplica() {
        long heard = b.replica.notifications();
        Message last = null;
        for (int i = 0; i < 5; i++) {
            last = post(a, "commit-" + i);
        }
        Message newest = last;
        Awaitility.await("b's replica shows a's last commit").atMost(Duration.ofSeconds(10))
                .until(() -> b.replica.newestTimestamp() >= newest.timestamp());
        for (int i = 0; i < 5; i++) {
            assertTrue(b.replica.current().find(new MessageId("commit-" + i)).isPresent());
        }
        assertTrue(b.replica.notifications() >= heard + 5, "pushed as entry events, one per change at least");
    }

    @Test
    void awaitVersionAndAwaitShownReturnOnceTheChangeArrived() {
        Message posted = post(a, "shown");
        b.replica.awaitVersion(a.replica.current().version(), Duration.ofSeconds(10));
        assertTrue(b.replica.current().find(posted.id()).isPresent());

        Message updated = a.board.setProcessed(posted.id(), true).orElseThrow();
        b.replica.awaitShown(updated, Duration.ofSeconds(10));
        assertEquals(Boolean.TRUE, b.replica.current().find(posted.id()).orElseThrow().botParams().processed(),
                "a bookkeeping change made on a is shown on b once awaitShown returns");
    }

    @Test
    void awaitSettledWaitsForAPendingEntryToBeCommittedOrTakenBack() throws Exception {
        post(a, "before-pending"); // the window taken over, so stamps go through
        for (boolean commit : new boolean[] {true, false}) {
            MessageId id = new MessageId(commit ? "to-commit" : "to-retract");
            a.maps.window().executeOnKey(GridMaps.WINDOW_KEY, new StampPending(human(id.value()), a.memberId()));
            Awaitility.await("b sees it pending").atMost(Duration.ofSeconds(10))
                    .until(() -> b.replica.current().isPending(id));
            // its bound is the only way awaitSettled can say "not settled": that is what is asked of it here
            assertFalse(b.replica.awaitSettled(id, Duration.ofMillis(100)));

            CompletableFuture<Boolean> settled = CompletableFuture.supplyAsync(
                    () -> b.replica.awaitSettled(id, Duration.ofSeconds(20)));
            if (commit) {
                a.maps.window().executeOnKey(GridMaps.WINDOW_KEY, new CommitInWindow(id));
            } else {
                a.maps.window().executeOnKey(GridMaps.WINDOW_KEY, new RetractFromWindow(id));
            }
            assertTrue(settled.get(20, TimeUnit.SECONDS));
            assertEquals(commit, b.replica.current().after(0, null, 100).stream().anyMatch(m -> m.id().equals(id)));
        }
    }

    @Test
    void refreshReadsTheWindowFromItsOwnerWhateverThisMemberHeldBefore() {
        post(a, "seen-by-both");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> b.replica.current().find(new MessageId("seen-by-both")).isPresent());
        b.replica.deregister(); // b hears nothing more, as a member cut off from the others
        try {
            post(a, "missed-by-b");
            assertTrue(b.replica.current().find(new MessageId("missed-by-b")).isEmpty(), "b's copy is stale");

            b.replica.refresh();

            assertTrue(b.replica.current().find(new MessageId("missed-by-b")).isPresent());
            assertEquals(a.replica.current().version(), b.replica.current().version());
        } finally {
            b.replica.register();
        }
    }
}
