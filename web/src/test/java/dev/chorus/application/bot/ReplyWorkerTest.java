package dev.chorus.application.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.TestMessages;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.bot.LlmError;
import dev.chorus.domain.bot.ReplyDecision;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The worker against in-memory ports: every way a claimed task can end, as the queue and the message record it
 * (the rules themselves are ReplyDecisionTest's), plus what the worker owes the dispatcher (one slot signal).
 */
class ReplyWorkerTest {
    private final InMemoryBot bot = new InMemoryBot();
    private final AtomicInteger slotSignals = new AtomicInteger();

    private void answer(BotTask task) {
        bot.worker.answer(task, slotSignals::incrementAndGet);
        assertEquals(1, slotSignals.get(), "the dispatcher hears exactly once that the task took its slot");
    }

    private BotParams params(String id) {
        return bot.board.get(id).botParams();
    }

    @Test
    void aReplyIsPostedUnderTheDerivedIdThenTaskAndMessageComplete() {
        bot.asks("m1", "sage");
        bot.llm.answer("High tide at noon.");
        answer(bot.claim("m1"));

        Message reply = bot.board.get("m1-r-sage");
        assertNotNull(reply);
        assertEquals("High tide at noon.", reply.text());
        assertEquals(MessageType.AI, reply.type());
        assertEquals("m1", reply.replyTo());
        assertEquals("Sage", reply.username());
        assertTrue(bot.queue.find("m1").isEmpty(), "a completed task leaves the queue");
        BotParams done = params("m1");
        assertEquals(BotStatus.COMPLETE, done.status());
        assertEquals(Boolean.TRUE, done.processed());
        assertEquals("m1-r-sage", done.replyId());
        assertEquals(1, done.attempts());
        assertNull(done.lastError());
        assertEquals(1, bot.metrics.of("replies"));
        assertEquals(List.of("sage"), bot.rateCounter.counted);
        assertEquals("qwen2.5-7b-instruct", bot.llm.prompts.get(0).model());
    }

    @Test
    void aReplyAnEarlierAttemptStoredAndAnOperatorHidSinceCountsAsPosted() {
        bot.asks("m1", "sage");
        bot.llm.answer("High tide at noon.");
        bot.boardService.hidden.add("m1-r-sage");
        answer(bot.claim("m1"));

        assertEquals(BotStatus.COMPLETE, params("m1").status(), "the stored reply is the answer, hidden or not");
        assertNull(params("m1").lastError());
    }

    @Test
    void aMessageNoLongerOnTheBoardDropsItsTask() {
        bot.queue.put(BotTask.pending("gone", "sage", null, bot.now.get(), 0));
        answer(bot.claim("gone"));
        assertTrue(bot.queue.find("gone").isEmpty());
        assertTrue(bot.llm.prompts.isEmpty());
        assertEquals(0, bot.board.progressWrites);
    }

    @Test
    void aMessageAnsweredMeanwhileOnlyCompletesTheTask() {
        bot.asks("m1", "sage");
        BotTask task = bot.claim("m1");
        bot.board.recordBotProgress(bot.board.get("m1").id(), BotStatus.COMPLETE, 1, "outside-reply", null);
        int writes = bot.board.progressWrites;
        answer(task);
        assertTrue(bot.queue.find("m1").isEmpty());
        assertEquals(writes, bot.board.progressWrites, "the message says complete already: not written again");
        assertEquals("outside-reply", params("m1").replyId());
        assertTrue(bot.llm.prompts.isEmpty());
    }

    @Test
    void aMessageTooOldFailsAtOnceOnQueueAndMessage() {
        bot.asks("m1", "sage");
        BotTask task = bot.claim("m1");
        bot.now.addAndGet(Duration.ofMinutes(121).toMillis());
        answer(task);
        assertEquals(BotStatus.FAILED, bot.queue.get("m1").getStatus());
        assertEquals(BotStatus.FAILED, params("m1").status());
        assertEquals("too old: not answered after 120 minutes", params("m1").lastError());
        assertEquals(1, bot.metrics.of("failures"));
        assertTrue(bot.llm.prompts.isEmpty());
    }

    @Test
    void aPersonaGoneFromTheFileLeavesTheMessageUntouchedForOtherBots() {
        bot.asks("m1", "sage");
        BotTask task = bot.claim("m1");
        bot.personas.byId.clear();
        answer(task);
        assertTrue(bot.queue.find("m1").isEmpty(), "only the task goes");
        assertEquals(BotStatus.PENDING, params("m1").status());
        assertEquals(0, params("m1").attempts());
        assertNull(params("m1").lastError());
        assertEquals(0, bot.board.progressWrites);
    }

    @Test
    void aReplyPostedByAnAttemptThatDiedIsNotPostedAgain() {
        bot.asks("m1", "sage");
        bot.claim("m1");
        bot.boardService.post(TestMessages.message("m1-r-sage").text("earlier").type(MessageType.AI)
                .replyTo("m1").build(), ReplyWorker.BOT); // the earlier attempt posted, then died
        BotTask second = bot.reclaim("m1");
        assertEquals(2, second.getToken());
        bot.boardService.posted.clear();

        answer(second);
        assertTrue(bot.boardService.posted.isEmpty(), "found stored: no second post");
        assertTrue(bot.llm.prompts.isEmpty());
        assertTrue(bot.rateCounter.counted.isEmpty(), "nothing counted for a reply that is not made");
        assertEquals("m1-r-sage", params("m1").replyId());
        assertEquals(BotStatus.COMPLETE, params("m1").status());
    }

    @Test
    void theRateLimitDefersWithoutAnAttemptAndWritesTheMessageOnlyWhenTheNoteChanges() {
        bot.asks("m1", "sage");
        bot.rateCounter.wait = Duration.ofSeconds(7);
        answer(bot.claim("m1"));
        BotTask deferred = bot.queue.get("m1");
        assertEquals(BotStatus.PENDING, deferred.getStatus());
        assertEquals(0, deferred.getAttempts());
        assertEquals(bot.now.get() + 7000, deferred.getNextAttemptAt());
        assertEquals(ReplyDecision.RATE_LIMIT_NOTE, params("m1").lastError());
        assertEquals(1, bot.board.progressWrites);
        assertEquals(1, bot.metrics.of("deferrals"));

        bot.now.addAndGet(7000);
        slotSignals.set(0);
        answer(bot.claim("m1"));
        assertEquals(1, bot.board.progressWrites, "the same note again: the message is not rewritten");
        assertEquals(2, bot.metrics.of("deferrals"));
        assertTrue(bot.llm.prompts.isEmpty());
    }

    @Test
    void aDryRunCompletesWithANoteAndPostsNothing() {
        bot.settings.dry = true;
        bot.asks("m1", "sage");
        answer(bot.claim("m1"));
        assertTrue(bot.llm.prompts.isEmpty());
        assertTrue(bot.boardService.posted.isEmpty());
        assertEquals(BotStatus.COMPLETE, params("m1").status());
        assertEquals("dry run", params("m1").lastError());
        assertNull(params("m1").replyId());
    }

    @Test
    void llmFailuresSpendAttemptsWithBackoffThenFail() {
        bot.asks("m1", "sage");
        bot.llm.fail(LlmError.Kind.MODEL_NOT_FOUND, "model not found: x").fail(LlmError.Kind.TIMEOUT, "timed out")
                .fail(LlmError.Kind.HTTP_ERROR, "HTTP 500");

        answer(bot.claim("m1"));
        BotTask afterOne = bot.queue.get("m1");
        assertEquals(BotStatus.PENDING, afterOne.getStatus());
        assertEquals(1, afterOne.getAttempts());
        assertEquals(bot.now.get() + 1000, afterOne.getNextAttemptAt(), "backoff after the first attempt");
        assertEquals("model not found: x", params("m1").lastError());
        assertEquals(1, params("m1").attempts());

        bot.now.addAndGet(1000);
        slotSignals.set(0);
        answer(bot.claim("m1"));
        assertEquals(bot.now.get() + 2000, bot.queue.get("m1").getNextAttemptAt());

        bot.now.addAndGet(2000);
        slotSignals.set(0);
        answer(bot.claim("m1"));
        assertEquals(BotStatus.FAILED, bot.queue.get("m1").getStatus());
        assertEquals(BotStatus.FAILED, params("m1").status());
        assertEquals(3, params("m1").attempts());
        assertEquals("HTTP 500", params("m1").lastError());
        assertEquals(2, bot.metrics.of("attemptsFailed"));
        assertEquals(1, bot.metrics.of("failures"));
    }

    @Test
    void theFilesMaxRetriesBoundsTheAttemptsUnlessTheSettingDoes() {
        bot.personas.maxRetries = OptionalInt.of(1);
        bot.asks("m1", "sage");
        bot.llm.fail(LlmError.Kind.TIMEOUT, "timed out");
        answer(bot.claim("m1"));
        assertEquals(BotStatus.FAILED, params("m1").status(), "maxRetries 1: the first failure is the last");

        bot.settings.attempts = 2;
        bot.asks("m2", "sage");
        bot.llm.fail(LlmError.Kind.TIMEOUT, "timed out");
        slotSignals.set(0);
        answer(bot.claim("m2"));
        assertEquals(BotStatus.PENDING, params("m2").status(), "the setting wins over the file");
    }

    @Test
    void noServerOrBusyDefersWithoutSpendingAnAttempt() {
        bot.asks("m1", "sage");
        bot.llm.fail(LlmError.Kind.NO_SERVER, "no LLM server available: none configured");
        answer(bot.claim("m1"));
        BotTask waiting = bot.queue.get("m1");
        assertEquals(BotStatus.PENDING, waiting.getStatus());
        assertEquals(0, waiting.getAttempts());
        assertEquals(bot.now.get() + ReplyDecision.NO_SERVER_RETRY.toMillis(), waiting.getNextAttemptAt());
        assertEquals("no LLM server available: none configured", params("m1").lastError());
        assertEquals(0, params("m1").attempts());
    }

    @Test
    void anEmptyReplyIsAFailedAttempt() {
        bot.asks("m1", "sage");
        bot.llm.answer("<think>hmm</think>   ");
        answer(bot.claim("m1"));
        assertEquals(1, params("m1").attempts());
        assertTrue(params("m1").lastError().startsWith("empty reply: "), params("m1").lastError());
        assertTrue(bot.boardService.posted.isEmpty());
    }

    @Test
    void skipCompletesWithNothingPosted() {
        bot.asks("m1", "sage");
        bot.llm.answer("[SKIP]");
        answer(bot.claim("m1"));
        assertTrue(bot.boardService.posted.isEmpty());
        assertEquals(BotStatus.COMPLETE, params("m1").status());
        assertEquals("skipped: the persona replied [SKIP]", params("m1").lastError());
        assertEquals(1, bot.metrics.of("skips"));
        assertEquals(0, bot.metrics.of("replies"));
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverChangesNeitherTaskNorMessage() {
        bot.asks("m1", "sage");
        BotTask stale = bot.claim("m1");
        BotTask current = bot.reclaim("m1");
        int writes = bot.board.progressWrites;

        answer(stale);
        assertEquals(current, bot.queue.get("m1"), "the new holder's claim stands");
        assertEquals(writes, bot.board.progressWrites);
        assertEquals(BotStatus.PENDING, params("m1").status());
        assertNotNull(bot.board.get("m1-r-sage"), "its post happened, under the id the new holder will find");
    }

    @Test
    void aFailingPostIsAFailedAttemptNamedInternalError() {
        bot.asks("m1", "sage");
        bot.board.failPosts = new StorageUnavailableException("storage unavailable: test", null);
        answer(bot.claim("m1"));
        assertEquals(1, params("m1").attempts());
        assertTrue(params("m1").lastError().startsWith("internal error: "), params("m1").lastError());
        assertTrue(params("m1").lastError().contains("storage unavailable: test"), params("m1").lastError());
    }

    @Test
    void anUnexpectedExceptionFromTheLlmIsAFailedAttempt() {
        bot.asks("m1", "sage");
        bot.llm.raise(new IllegalStateException("a lease is good for one call"));
        answer(bot.claim("m1"));
        assertEquals(BotStatus.PENDING, params("m1").status());
        assertEquals(1, params("m1").attempts());
        assertTrue(params("m1").lastError().contains("a lease is good for one call"));
    }

    @Test
    void anOutcomeThatCannotBeRecordedIsLeftToTheLease() {
        bot.asks("m1", "sage");
        BotTask task = bot.claim("m1");
        bot.queue.failing = new StorageUnavailableException("bot queue unavailable: shutting down", null);
        answer(task); // does not throw: the dispatcher's thread goes on
        bot.queue.failing = null;
        assertEquals(BotStatus.PROCESSING, bot.queue.get("m1").getStatus(), "the lease will return it");
    }

    @Test
    void theLeaseOutlastsTheSlotWaitAndTheLongestCall() {
        assertEquals(2_000 + 65_000 + 10_000, bot.worker.leaseMillis());
    }
}
