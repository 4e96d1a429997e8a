package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.infrastructure.grid.processors.CommitInWindow;
import dev.chorus.infrastructure.grid.processors.ReadWindow;
import dev.chorus.infrastructure.grid.processors.RetractFromWindow;
import dev.chorus.infrastructure.grid.processors.SetValue;
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
 * owner, makes up a change it never heard of (its delta lost on the way), and can be read again from the owner
 * (after a merge).
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
        assertTrue(b.replica.notifications() >= heard + 5, "told of the changes as they came");
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

    /** Changes the owner's window without a delta, as if the change's event were lost on the way to every member. */
    private static String changeSilently(String id) {
        RecentWindow owner = a.maps.window().executeOnKey(GridMaps.WINDOW_KEY, new ReadWindow());
        a.maps.window().executeOnKey(GridMaps.WINDOW_KEY,
                new SetValue<String, RecentWindow, Object>(owner.append(human(id), System.currentTimeMillis())));
        return id;
    }

    private static boolean shows(GridMember member, String id) {
        return member.replica.current().after(0, null, 500).stream().anyMatch(m -> m.id().value().equals(id));
    }

    @Test
    void aLostChangeOnAQuietBoardIsMadeUpByTheVersionCheck() {
        post(a, "before-silent");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shows(b, "before-silent"));
        long resyncsA = a.replica.resyncs();
        long resyncsB = b.replica.resyncs();

        String silent = changeSilently("silent-on-a-quiet-board");

        // nothing else changes, so no later delta can tell the replicas: only the check can (every 500 ms)
        Awaitility.await("both replicas show the lost change").atMost(Duration.ofSeconds(5))
                .until(() -> shows(a, silent) && shows(b, silent));
        assertTrue(a.replica.resyncs() > resyncsA && b.replica.resyncs() > resyncsB, "each read the window whole");
    }

    @Test
    void aChangeThatDoesNotFollowTheCopyMakesItReadTheWindowWholeAndThenFollowAgain() {
        String silent = changeSilently("silent-before-a-post");
        Message after = post(a, "posted-after-the-lost-change"); // its delta does not fit a copy without the lost one

        assertTrue(shows(a, silent) && shows(a, after.id().value()), "the posting member shows both once acknowledged");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shows(b, silent) && shows(b, after.id().value()));
        Message next = post(b, "and-the-next-fits");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shows(a, next.id().value()));
        assertEquals(a.maps.window().executeOnKey(GridMaps.WINDOW_KEY, new ReadWindow()).entries(),
                b.replica.current().entries(), "b's copy is the owner's window");
        assertEquals(a.replica.current().entries(), b.replica.current().entries());
    }
}
