package dev.chorus.infrastructure.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.Backoff;
import dev.chorus.domain.bot.BotTask;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bot queue's transitions on one embedded member, as the dispatcher and the reconciler use them: every
 * transition is accepted only from the state (and with the claim token) it belongs to, so a worker that lost
 * its claim can change nothing.
 */
class HazelcastBotQueueTest {
    private static final long LEASE = 60_000;
    private static final Backoff BACKOFF = new Backoff(1000, 60_000);
    private static EmbeddedBoard grid;
    private static HazelcastBotQueue queue;
    private static String me;
    private final long now = System.currentTimeMillis();

    @BeforeAll
    static void start() {
        grid = EmbeddedBoard.start(HazelcastBotQueueTest.class, 1);
        queue = grid.member(0).botQueue;
        me = grid.member(0).memberId();
    }

    @AfterAll
    static void stop() {
        grid.close();
    }

    @BeforeEach
    void emptyQueue() {
        grid.member(0).maps.botQueue().clear();
    }

    private static BotTask task(String id, int priority, long createdAt) {
        return BotTask.pending(id, "alice", priority, createdAt, 0);
    }

    @Test
    void aMessageIsEnqueuedOnceAndDueTasksComeMostUrgentFirst() {
        assertTrue(queue.enqueue(task("late", 50, now - 1000)));
        assertTrue(queue.enqueue(task("early", 50, now - 2000)));
        assertTrue(queue.enqueue(task("urgent", 10, now)));
        assertFalse(queue.enqueue(task("early", 0, now)), "a second enqueue of one message changes nothing");

        assertEquals(List.of("urgent", "early", "late"),
                queue.localDue(now, 10).stream().map(BotTask::getMessageId).toList());
        assertEquals(1, queue.localDue(now, 1).size(), "no more than the free slots");
        assertEquals(50, queue.find("early").orElseThrow().getPriority());
    }

    @Test
    void aClaimIsWonOnceAndOnlyItsTokenCompletesTheTask() {
        queue.enqueue(task("m1", 50, now));
        BotTask claimed = queue.claim("m1", now, LEASE, me + "/worker-1").orElseThrow();
        assertEquals(BotStatus.PROCESSING, claimed.getStatus());
        assertTrue(queue.claim("m1", now, LEASE, me + "/worker-2").isEmpty(), "claimed already");
        assertTrue(queue.localDue(now, 10).isEmpty(), "a processing task is not due");

        assertFalse(queue.complete("m1", claimed.getToken() - 1), "a stale token completes nothing");
        assertTrue(queue.complete("m1", claimed.getToken()));
        assertTrue(queue.find("m1").isEmpty(), "a completed task leaves the queue");
    }

    @Test
    void aFailedAttemptBacksOffThenFailsForGoodWhenAttemptsAreSpent() {
        queue.enqueue(task("m1", 50, now));
        BotTask first = queue.claim("m1", now, LEASE, me).orElseThrow();
        BotTask retried = queue.retry("m1", first.getToken(), now, "timeout", 2, BACKOFF).orElseThrow();
        assertEquals(BotStatus.PENDING, retried.getStatus());
        assertEquals(1, retried.getAttempts());
        assertEquals(now + BACKOFF.delayMillis(1), retried.getNextAttemptAt());
        assertTrue(queue.localDue(now, 10).isEmpty(), "not due before its back-off ends");
        assertTrue(queue.retry("m1", first.getToken() + 1, now, "x", 2, BACKOFF).isEmpty(), "no claim, no change");

        long later = retried.getNextAttemptAt();
        BotTask second = queue.claim("m1", later, LEASE, me).orElseThrow();
        assertTrue(second.getToken() > first.getToken(), "every claim has a new fencing token");
        BotTask failed = queue.retry("m1", second.getToken(), later, "HTTP 500", 2, BACKOFF).orElseThrow();
        assertEquals(BotStatus.FAILED, failed.getStatus());
        assertEquals("HTTP 500", failed.getLastError());
        assertFalse(queue.complete("m1", first.getToken()), "an old holder completes nothing");
    }

    @Test
    void anOperatorRequeuesAFailedTaskWithItsAttemptsReset() {
        queue.enqueue(task("m1", 50, now));
        assertTrue(queue.requeue("m1").map(t -> t.getStatus() == BotStatus.PENDING).orElse(false),
                "a pending task is answered as it is");
        assertEquals(BotStatus.FAILED, queue.fail("m1", null, "too old").orElseThrow().getStatus());
        BotTask requeued = queue.requeue("m1").orElseThrow();
        assertEquals(BotStatus.PENDING, requeued.getStatus());
        assertEquals(0, requeued.getAttempts());
        assertEquals(List.of("m1"), queue.localDue(now, 10).stream().map(BotTask::getMessageId).toList());
    }

    @Test
    void aLeaseOfAMemberThatLeftIsReleasedAtOnceAndAnExpiredOneWhenItEnds() {
        queue.enqueue(task("orphan", 50, now));
        queue.enqueue(task("expired", 50, now));
        queue.enqueue(task("held", 50, now));
        BotTask orphan = queue.claim("orphan", now, LEASE, "gone-member/worker").orElseThrow();
        queue.claim("expired", now - 2 * LEASE, LEASE, me).orElseThrow();
        queue.claim("held", now, LEASE, me).orElseThrow();
        Set<String> live = Set.of(me);

        assertEquals(Set.of("orphan", "expired"), Set.copyOf(queue.localStaleLeases(now, live).stream()
                .map(BotTask::getMessageId).toList()));
        BotTask released = queue.releaseLease("orphan", now, live).orElseThrow();
        assertEquals(BotStatus.PENDING, released.getStatus());
        assertEquals(0, released.getAttempts(), "the holder vanished; it did not fail");
        assertEquals(BotStatus.PENDING, queue.releaseLease("expired", now, live).orElseThrow().getStatus());
        assertTrue(queue.releaseLease("held", now, live).isEmpty(), "a live lease stays");

        assertFalse(queue.complete("orphan", orphan.getToken()), "the vanished holder's token is refused");
        assertTrue(queue.claim("orphan", now, LEASE, me).isPresent(), "claimable again at once");
    }

    @Test
    void theDispatcherIsWokenWhenATaskArrivesOrBecomesPendingHere() {
        AtomicInteger wakes = new AtomicInteger();
        queue.onLocalChange(wakes::incrementAndGet);
        try {
            queue.enqueue(task("m1", 50, now));
            Awaitility.await("woken by the enqueue").atMost(Duration.ofSeconds(10)).until(() -> wakes.get() >= 1);
            BotTask claimed = queue.claim("m1", now, LEASE, me).orElseThrow();
            int afterClaim = wakes.get();
            queue.defer("m1", claimed.getToken(), now + 5000, "all busy");
            Awaitility.await("woken by the task becoming pending").atMost(Duration.ofSeconds(10))
                    .until(() -> wakes.get() > afterClaim);
        } finally {
            queue.close();
        }
    }
}
