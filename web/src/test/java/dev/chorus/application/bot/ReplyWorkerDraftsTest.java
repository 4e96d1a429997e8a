package dev.chorus.application.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.bot.LlmError;
import dev.chorus.domain.bot.ReplyDraft;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The drafts the worker publishes while a reply streams in (in-memory ports; the LLM fake streams its answer word by
 * word): "writing" once the call has its slot, the shaped text so far, paced, then an end that says whether the
 * stored reply replaces the draft or the draft is withdrawn. One draft per attempt.
 */
class ReplyWorkerDraftsTest {
    private final InMemoryBot bot = new InMemoryBot();
    private final AtomicLong nanos = new AtomicLong();

    /** Each reading of the drafts' clock moves it on by {@code stepMillis}. */
    private void clockSteps(long stepMillis) {
        bot.worker.draftClock = () -> nanos.addAndGet(Duration.ofMillis(stepMillis).toNanos());
    }

    private List<ReplyDraft> drafts() {
        return bot.drafts.published;
    }

    @Test
    void aStreamedReplyGrowsAsPrefixesOfTheStoredReplyAndEndsReplacedByIt() {
        clockSteps(150);
        bot.asks("m1", "sage");
        bot.llm.answer("  High tide   comes at noon, friend.");
        BotTask task = bot.claim("m1");
        bot.worker.answer(task, () -> { });

        String stored = bot.board.get("m1-r-sage").text();
        List<ReplyDraft> drafts = drafts();
        ReplyDraft first = drafts.get(0);
        assertEquals("", first.text(), "the persona is writing before any text is sure");
        assertTrue(first.draftId().startsWith("m1/" + task.getToken() + "-"), first.draftId());
        assertEquals("m1", first.replyTo());
        assertEquals("Sage", first.username());
        assertEquals("080215225", first.color());
        assertEquals(InMemoryBot.MEMBER, first.memberId());
        List<ReplyDraft> growing = drafts.subList(1, drafts.size() - 1);
        assertTrue(growing.size() >= 3, "the draft grew word by word: " + drafts);
        for (int i = 0; i < growing.size(); i++) {
            ReplyDraft d = growing.get(i);
            assertTrue(stored.startsWith(d.text()), d.text() + " is the start of " + stored);
            assertTrue(d.sequence() > drafts.get(i).sequence());
            assertTrue(d.text().length() > drafts.get(i).text().length(), "each update shows more");
        }
        ReplyDraft end = drafts.get(drafts.size() - 1);
        assertEquals(ReplyDraft.End.REPLIED, end.end());
        assertEquals("m1-r-sage", end.replyId());
    }

    @Test
    void updatesComeAtMostOncePerInterval() {
        clockSteps(0); // the clock stands still: the interval never passes
        bot.asks("m1", "sage");
        bot.llm.answer("High tide comes at noon, friend.");
        bot.worker.answer(bot.claim("m1"), () -> { });
        assertEquals(2, drafts().size(), "writing, then the end: " + drafts());
        assertEquals(ReplyDraft.End.REPLIED, drafts().get(1).end());
    }

    @Test
    void aSkipShowsNoTextAndWithdrawsTheDraft() {
        clockSteps(150);
        bot.asks("m1", "sage");
        bot.llm.answer("[SKIP] not for me");
        bot.worker.answer(bot.claim("m1"), () -> { });
        assertNull(bot.board.get("m1-r-sage"));
        assertTrue(drafts().stream().allMatch(d -> d.text().isEmpty()), "no text of a skipped reply: " + drafts());
        assertEquals(ReplyDraft.End.SKIPPED, drafts().get(drafts().size() - 1).end());
    }

    @Test
    void aFailedAttemptWithdrawsItsDraftAndTheRetryStartsANewOne() {
        clockSteps(150);
        bot.asks("m1", "sage");
        bot.llm.fail(LlmError.Kind.IO_ERROR, "the completion stream ended before [DONE]").answer("Noon.");
        bot.worker.answer(bot.claim("m1"), () -> { });
        ReplyDraft failed = drafts().get(drafts().size() - 1);
        assertEquals(ReplyDraft.End.FAILED, failed.end());

        bot.now.addAndGet(Duration.ofMinutes(5).toMillis()); // past the backoff
        bot.worker.answer(bot.claim("m1"), () -> { });
        ReplyDraft replied = drafts().get(drafts().size() - 1);
        assertEquals(ReplyDraft.End.REPLIED, replied.end());
        assertNotEquals(failed.draftId(), replied.draftId(), "a retry is a new draft");
    }

    @Test
    void aCallThatGetsNoServerShowsNoDraft() {
        bot.asks("m1", "sage");
        bot.llm.fail(LlmError.Kind.NO_SERVER, "no LLM server configured");
        bot.worker.answer(bot.claim("m1"), () -> { });
        assertEquals(List.of(), drafts());
    }
}
