package dev.chorus.application.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.Caller;
import dev.chorus.application.MessageHidden;
import dev.chorus.application.MessageNotFoundException;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.TestMessages;
import dev.chorus.domain.bot.BotOutcome;
import dev.chorus.domain.bot.BotTask;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Outcomes on queue and message together, and the operator's requeue (both of its paths and its refusals). */
class BotBookkeepingTest {
    private static final Caller OPERATOR = new Caller("127.0.0.1", true);
    private final InMemoryBot bot = new InMemoryBot();

    private BotTask failed(String id) {
        bot.asks(id, "sage");
        bot.bookkeeping.record(bot.claim(id), new BotOutcome.GaveUp("too old"));
        assertEquals(BotStatus.FAILED, bot.queue.get(id).getStatus());
        return bot.queue.get(id);
    }

    @Test
    void aGaveUpOnAnUnclaimedTaskAppliesOnlyWhileItIsPending() {
        bot.asks("m1", "sage");
        BotTask unclaimed = bot.queue.get("m1");
        bot.claim("m1"); // a worker took it meanwhile
        bot.bookkeeping.record(unclaimed, new BotOutcome.GaveUp("too old"));
        assertEquals(BotStatus.PROCESSING, bot.queue.get("m1").getStatus(), "its worker decides now");
        assertEquals(BotStatus.PENDING, bot.board.get("m1").botParams().status());
    }

    @Test
    void aDeferralCountsFromWhenItIsRecorded() {
        bot.asks("m1", "sage");
        BotTask task = bot.claim("m1");
        bot.now.addAndGet(30_000); // a long call
        bot.bookkeeping.record(task, new BotOutcome.Deferred(Duration.ofSeconds(3), "all LLM servers busy"));
        assertEquals(bot.now.get() + 3000, bot.queue.get("m1").getNextAttemptAt());
    }

    @Test
    void requeueOfAQueuedFailedTaskResetsTaskAndMessage() {
        failed("m1");
        BotTask requeued = bot.operations.requeue("m1", OPERATOR);
        assertEquals(BotStatus.PENDING, requeued.getStatus());
        assertEquals(0, requeued.getAttempts());
        assertEquals(BotStatus.PENDING, bot.board.get("m1").botParams().status());
        assertEquals(0, bot.board.get("m1").botParams().attempts());
        assertNull(bot.board.get("m1").botParams().lastError());
    }

    @Test
    void requeueAfterARestartComesFromTheMessagesStoredState() {
        failed("m1");
        bot.queue.remove("m1"); // a full restart: failed tasks are not queued again
        BotTask requeued = bot.operations.requeue("m1", OPERATOR);
        assertEquals(BotStatus.PENDING, requeued.getStatus());
        assertEquals(BotStatus.PENDING, bot.board.get("m1").botParams().status());
    }

    @Test
    void requeueRefusesWhatIsNotFailedAndWhatThisBotCannotServe() {
        bot.asks("m1", "sage");
        bot.queue.remove("m1");
        var notFailed = assertThrows(RequeueRefusedException.class, () -> bot.operations.requeue("m1", OPERATOR));
        assertEquals("message m1 is not failed", notFailed.getMessage());

        bot.board.store(TestMessages.message("plain").build());
        assertThrows(RequeueRefusedException.class, () -> bot.operations.requeue("plain", OPERATOR));

        failed("m2");
        bot.queue.remove("m2");
        bot.personas.byId.clear();
        var noPersona = assertThrows(RequeueRefusedException.class, () -> bot.operations.requeue("m2", OPERATOR));
        assertTrue(noPersona.getMessage().contains("no enabled persona sage"), noPersona.getMessage());
        assertEquals(BotStatus.PENDING, bot.board.get("m2").botParams().status(), "pending again, for another bot");

        assertThrows(MessageNotFoundException.class, () -> bot.operations.requeue("nowhere", OPERATOR));
        assertThrows(AccessDeniedException.class,
                () -> bot.operations.requeue("m1", new Caller("127.0.0.1", false)));
    }

    @Test
    void aGridThatCannotAnswerIsNotARefusal() {
        failed("m1");
        bot.queue.failing = new IllegalStateException("Hazelcast instance is not active!");
        assertThrows(IllegalStateException.class, () -> bot.operations.requeue("m1", OPERATOR),
                "not RequeueRefusedException: the REST layer must not answer 409 for it");
    }

    @Test
    void aHiddenMessagesPendingTaskFailsOnQueueAndMessageAndIsNeverClaimed() {
        bot.asks("m1", "sage");
        bot.bookkeeping.onHidden(new MessageHidden(new MessageId("m1")));

        assertEquals(BotStatus.FAILED, bot.queue.get("m1").getStatus());
        assertEquals(BotBookkeeping.HIDDEN, bot.queue.get("m1").getLastError());
        assertEquals(BotStatus.FAILED, bot.board.get("m1").botParams().status());
        assertEquals(BotBookkeeping.HIDDEN, bot.board.get("m1").botParams().lastError());
        assertTrue(bot.queue.claim("m1", bot.now.get(), bot.worker.leaseMillis(), "member-a/test").isEmpty(),
                "no worker can take it: no reply is posted");

        bot.bookkeeping.onHidden(new MessageHidden(new MessageId("m1")));
        assertEquals(1, bot.metrics.of("failures"), "a repeated hide fails nothing twice");
    }

    @Test
    void aHiddenMessageWhoseReplyIsUnderWayKeepsItsClaim() {
        bot.asks("m1", "sage");
        BotTask claimed = bot.claim("m1");
        bot.bookkeeping.onHidden(new MessageHidden(new MessageId("m1")));

        assertEquals(BotStatus.PROCESSING, bot.queue.get("m1").getStatus(), "its worker decides (docs/api.md)");
        assertEquals(claimed.getToken(), bot.queue.get("m1").getToken());
        bot.bookkeeping.onHidden(new MessageHidden(new MessageId("no-task")));
    }
}
