package dev.chorus.domain.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.TestMessages;
import dev.chorus.domain.bot.BotOutcome.Completed;
import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.RateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every path through the bot's decision, in the order of {@link ReplyDecision}'s checks, and the replay property
 * the worker relies on: with one more fact the same checks give the same answers and the next step follows.
 */
class ReplyDecisionTest {
    private static final long NOW = 10_000_000;
    private static final ReplyRules RULES = new ReplyRules(Duration.ofMinutes(120), false);
    private static final ReplyRules DRY_RUN = new ReplyRules(Duration.ofMinutes(120), true);
    private static final Random RANDOM = new Random(7);

    private static final Persona SAGE = Persona.builder("sage").username("Sage").color("080215225")
            .model("qwen2.5-7b-instruct").systemPrompt("You are Sage.").userPrompt("Answer the last message.")
            .rateLimits(new RateLimits(5, null, null)).build();

    private static BotParams pending(String entity) {
        return BotParams.request(entity, null, null, null, null).startPending();
    }

    private static TestMessages asking(String entity) {
        return TestMessages.message("m1").text("what is the tide?").username("ann").timestamp(NOW - 1000)
                .domain("example.org").language("de").botParams(pending(entity));
    }

    private static final Message MESSAGE = asking("sage").build();

    /** A task as the dispatcher hands it over: claimed, {@code token} = how many claims it has had. */
    private static BotTask claimed(long token) {
        BotTask task = BotTask.pending("m1", "sage", null, NOW - 1000, 0);
        for (long t = 0; t < token; t++) {
            task = task.claim(NOW, 60_000, "member/" + t);
            if (t < token - 1) {
                task = task.defer(0, "again");
            }
        }
        return task;
    }

    private static ReplyFacts facts(Message message, Persona persona) {
        return ReplyFacts.start(claimed(1), message, persona, RULES, NOW);
    }

    /** The facts once everything up to the LLM call is known: rate counted, no earlier reply. */
    private static ReplyFacts readyToAsk() {
        return facts(MESSAGE, SAGE).withRateWait(Duration.ZERO);
    }

    private static ReplyStep decide(ReplyFacts facts) {
        return ReplyDecision.decide(facts, RANDOM);
    }

    // ------------------------------------------------------------------ 1. the message

    @Test
    void aMessageNotOnTheBoardDropsTheTask() {
        var dropped = assertInstanceOf(BotOutcome.Dropped.class, decide(facts(null, SAGE)));
        assertEquals("the message is not on the board", dropped.why());
    }

    @Test
    void aMessageThatNamesNoPersonaDropsTheTask() {
        Message plain = TestMessages.message("m1").timestamp(NOW).build();
        var dropped = assertInstanceOf(BotOutcome.Dropped.class, decide(facts(plain, SAGE)));
        assertEquals("the message names no persona", dropped.why());
    }

    // ------------------------------------------------------------------ 2. answered already

    @Test
    void aProcessedMessageOnlyCompletesTheTask() {
        Message processed = asking("sage").botParams(pending("sage").withProcessed(true)).build();
        assertInstanceOf(BotOutcome.AlreadyAnswered.class, decide(facts(processed, SAGE)));
    }

    @Test
    void aCompleteMessageOnlyCompletesTheTaskEvenWhenNotFlaggedProcessed() {
        Message message = asking("sage").botParams(new BotParams("sage", null, null, null, null, false,
                BotStatus.COMPLETE, 1, "m1-r-sage", null)).build();
        assertInstanceOf(BotOutcome.AlreadyAnswered.class, decide(facts(message, SAGE)));
    }

    @Test
    void answeredWinsOverTooOldAndOverAMissingPersona() {
        Message oldAndDone = asking("sage").timestamp(0).botParams(pending("sage").withProcessed(true)).build();
        assertInstanceOf(BotOutcome.AlreadyAnswered.class, decide(facts(oldAndDone, null)));
    }

    // ------------------------------------------------------------------ 3. too old

    @Test
    void aMessageOlderThanTheMaxAgeIsGivenUp() {
        Message old = asking("sage").timestamp(NOW - Duration.ofMinutes(121).toMillis()).build();
        var gaveUp = assertInstanceOf(BotOutcome.GaveUp.class, decide(facts(old, SAGE)));
        assertEquals("too old: not answered after 120 minutes", gaveUp.error());
    }

    @Test
    void exactlyTheMaxAgeIsStillAnswered() {
        Message edge = asking("sage").timestamp(NOW - Duration.ofMinutes(120).toMillis()).build();
        assertInstanceOf(ReplyStep.CountRate.class, decide(facts(edge, SAGE)));
    }

    @Test
    void tooOldWinsOverAMissingPersona() {
        Message old = asking("gone").timestamp(0).build();
        assertInstanceOf(BotOutcome.GaveUp.class, decide(facts(old, null)));
    }

    // ------------------------------------------------------------------ 4. the persona

    @Test
    void aPersonaUnknownHereLeavesTheMessageToOtherBots() {
        var left = assertInstanceOf(BotOutcome.LeftToOthers.class, decide(facts(MESSAGE, null)));
        assertEquals("sage", left.personaId());
    }

    @Test
    void aDisabledPersonaLeavesTheMessageToOtherBots() {
        Persona off = SAGE.toBuilder().enabled(false).build();
        assertInstanceOf(BotOutcome.LeftToOthers.class, decide(facts(MESSAGE, off)));
    }

    // ------------------------------------------------------------------ 5. an earlier attempt's reply

    @Test
    void aFirstClaimDoesNotLookForAnEarlierReply() {
        assertInstanceOf(ReplyStep.CountRate.class, decide(facts(MESSAGE, SAGE)));
    }

    @Test
    void aLaterClaimLooksForTheDerivedReplyFirst() {
        ReplyFacts again = ReplyFacts.start(claimed(2), MESSAGE, SAGE, RULES, NOW);
        var lookUp = assertInstanceOf(ReplyStep.LookUpReply.class, decide(again));
        assertEquals("m1-r-sage", lookUp.replyId().value());
    }

    @Test
    void aReplyStoredByAnEarlierAttemptCompletesWithoutPostingAgain() {
        ReplyFacts again = ReplyFacts.start(claimed(2), MESSAGE, SAGE, RULES, NOW).withReplyStored(true);
        var done = assertInstanceOf(Completed.class, decide(again));
        assertEquals("m1-r-sage", done.replyId());
        assertEquals(Completed.How.FOUND_STORED, done.how());
        assertNull(done.note());
    }

    @Test
    void noEarlierReplyGoesOnToTheRateLimit() {
        ReplyFacts again = ReplyFacts.start(claimed(3), MESSAGE, SAGE, RULES, NOW).withReplyStored(false);
        var count = assertInstanceOf(ReplyStep.CountRate.class, decide(again));
        assertEquals("sage", count.personaId());
        assertEquals(SAGE.rateLimits(), count.limits());
    }

    // ------------------------------------------------------------------ 6. the rate limit

    @Test
    void aRateLimitDefersWithoutSpendingAnAttempt() {
        ReplyFacts limited = facts(MESSAGE, SAGE).withRateWait(Duration.ofSeconds(4));
        var deferred = assertInstanceOf(BotOutcome.Deferred.class, decide(limited));
        assertEquals(Duration.ofSeconds(4), deferred.after());
        assertEquals("waiting for the persona's rate limit", deferred.note());
    }

    @Test
    void aCountedReplyAsksTheLlmWithThePersonasPrompt() {
        var ask = assertInstanceOf(ReplyStep.AskLlm.class, decide(readyToAsk()));
        assertEquals("qwen2.5-7b-instruct", ask.prompt().model());
        String asked = ask.prompt().messages().get(ask.prompt().messages().size() - 1).content();
        assertTrue(asked.contains("what is the tide?"), asked);
    }

    @Test
    void thePromptTakesTheMessagesModelAndContextLines() {
        Message message = asking("sage").botParams(BotParams.request("sage", null, "llama-3", null, "1").startPending())
                .context(List.of("ann: first", "bob: second")).build();
        var ask = assertInstanceOf(ReplyStep.AskLlm.class,
                decide(facts(message, SAGE).withRateWait(Duration.ZERO)));
        assertEquals("llama-3", ask.prompt().model());
        String asked = ask.prompt().messages().get(ask.prompt().messages().size() - 1).content();
        assertFalse(asked.contains("first"), "nom=1 keeps only the newest context line: " + asked);
        assertTrue(asked.contains("second"), asked);
    }

    @Test
    void contextLinesAreANumberOrAll() {
        assertNull(ReplyDecision.contextLines(null));
        assertNull(ReplyDecision.contextLines("ALL"));
        assertEquals(12, ReplyDecision.contextLines("12"));
    }

    // ------------------------------------------------------------------ 7. dry run

    @Test
    void aDryRunCompletesWithThePromptAndAsksNoLlm() {
        ReplyFacts dry = ReplyFacts.start(claimed(1), MESSAGE, SAGE, DRY_RUN, NOW).withRateWait(Duration.ZERO);
        var run = assertInstanceOf(BotOutcome.DryRun.class, decide(dry));
        assertEquals("qwen2.5-7b-instruct", run.prompt().model());
    }

    @Test
    void aDryRunStillHonoursTheRateLimit() {
        ReplyFacts dry = ReplyFacts.start(claimed(1), MESSAGE, SAGE, DRY_RUN, NOW);
        assertInstanceOf(ReplyStep.CountRate.class, decide(dry));
        assertInstanceOf(BotOutcome.Deferred.class, decide(dry.withRateWait(Duration.ofSeconds(1))));
    }

    // ------------------------------------------------------------------ 8. the LLM's failures

    @Test
    void everyFailureThatReachedAServerIsAFailedAttemptWithItsText() {
        for (LlmError.Kind kind : EnumSet.complementOf(EnumSet.of(LlmError.Kind.NO_SERVER, LlmError.Kind.BUSY))) {
            ReplyFacts failed = readyToAsk().withAnswer(LlmAnswer.failed(new LlmError(kind, "boom " + kind)));
            var attempt = assertInstanceOf(BotOutcome.AttemptFailed.class, decide(failed), kind.name());
            assertEquals("boom " + kind, attempt.error());
        }
    }

    @Test
    void noServerAndBusyDeferWithoutSpendingAnAttempt() {
        for (LlmError.Kind kind : List.of(LlmError.Kind.NO_SERVER, LlmError.Kind.BUSY)) {
            ReplyFacts failed = readyToAsk().withAnswer(LlmAnswer.failed(new LlmError(kind, "no capacity")));
            var deferred = assertInstanceOf(BotOutcome.Deferred.class, decide(failed), kind.name());
            assertEquals(ReplyDecision.NO_SERVER_RETRY, deferred.after());
            assertEquals("no capacity", deferred.note());
        }
    }

    // ------------------------------------------------------------------ 9. the reply

    @Test
    void anEmptyReplyIsAFailedAttemptNeverSilence() {
        for (String raw : List.of("", "   ", "<think>only thinking</think>")) {
            var attempt = assertInstanceOf(BotOutcome.AttemptFailed.class,
                    decide(readyToAsk().withAnswer(LlmAnswer.text(raw))), raw);
            assertTrue(attempt.error().startsWith("empty reply: "), attempt.error());
        }
    }

    @Test
    void skipCompletesWithNothingPosted() {
        var done = assertInstanceOf(Completed.class, decide(readyToAsk().withAnswer(LlmAnswer.text("[SKIP]"))));
        assertEquals(Completed.How.SKIPPED, done.how());
        assertNull(done.replyId());
        assertEquals("skipped: the persona replied [SKIP]", done.note());
    }

    @Test
    void textIsPostedAsThePersonaUnderTheDerivedId() {
        var post = assertInstanceOf(ReplyStep.PostReply.class,
                decide(readyToAsk().withAnswer(LlmAnswer.text("  High tide at noon.  "))));
        Message reply = post.reply();
        assertEquals("m1-r-sage", reply.id().value());
        assertEquals("High tide at noon.", reply.text());
        assertEquals("Sage", reply.username());
        assertEquals("080215225", reply.color().digits());
        assertEquals(MessageType.AI, reply.type());
        assertEquals("m1", reply.replyTo());
        assertEquals("example.org", reply.domain());
        assertEquals("de", reply.language());
        assertEquals(0, reply.timestamp(), "the board stamps it");
        assertNull(reply.botParams());
    }

    @Test
    void aPostedReplyCompletesWithItsId() {
        var done = assertInstanceOf(Completed.class,
                decide(readyToAsk().withAnswer(LlmAnswer.text("High tide at noon.")).withPosted()));
        assertEquals(Completed.How.REPLIED, done.how());
        assertEquals("m1-r-sage", done.replyId());
        assertNull(done.note());
    }

    @Test
    void theMessagesAisNamesTheReplyAndLongNamesAreCut() {
        Message asked = asking("sage").botParams(BotParams.request("sage", null, null,
                "TheVeryLongNameOfAnotherPersonaX:010020030", null).startPending()).build();
        var post = assertInstanceOf(ReplyStep.PostReply.class, decide(facts(asked, SAGE)
                .withRateWait(Duration.ZERO).withAnswer(LlmAnswer.text("hi"))));
        assertEquals("TheVeryLongNameOfAnotherPersonaX", post.reply().username());
        assertEquals("010020030", post.reply().color().digits());

        Persona longName = SAGE.toBuilder().username("A".repeat(40)).build();
        var cut = assertInstanceOf(ReplyStep.PostReply.class, decide(facts(MESSAGE, longName)
                .withRateWait(Duration.ZERO).withAnswer(LlmAnswer.text("hi"))));
        assertEquals("A".repeat(Message.MAX_PERSONA_USERNAME), cut.reply().username());
    }

    // ------------------------------------------------------------------ replay

    /** The whole happy path, fact by fact, as the worker walks it: each step asks for exactly one new fact. */
    @Test
    void askedAgainWithEachNewFactTheDecisionMovesOneStepOn() {
        ReplyFacts facts = ReplyFacts.start(claimed(2), MESSAGE, SAGE, RULES, NOW);
        List<Class<?>> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ReplyStep step = decide(facts);
            steps.add(step.getClass());
            if (step instanceof ReplyStep.LookUpReply) {
                facts = facts.withReplyStored(false);
            } else if (step instanceof ReplyStep.CountRate) {
                facts = facts.withRateWait(Duration.ZERO);
            } else if (step instanceof ReplyStep.AskLlm) {
                facts = facts.withAnswer(LlmAnswer.text("High tide at noon."));
            } else if (step instanceof ReplyStep.PostReply) {
                facts = facts.withPosted();
            } else {
                break;
            }
        }
        assertEquals(List.of(ReplyStep.LookUpReply.class, ReplyStep.CountRate.class, ReplyStep.AskLlm.class,
                ReplyStep.PostReply.class, Completed.class), steps);
    }

    @Test
    void theAgeCheckUsesWhenWorkStartedNotWhenTheAnswerCame() {
        Message nearlyOld = asking("sage").timestamp(NOW - Duration.ofMinutes(120).toMillis()).build();
        ReplyFacts facts = facts(nearlyOld, SAGE).withRateWait(Duration.ZERO)
                .withAnswer(LlmAnswer.text("late but fine"));
        assertInstanceOf(ReplyStep.PostReply.class, decide(facts),
                "a slow LLM call does not fail a message it started on");
    }

    // ------------------------------------------------------------------ the values

    @Test
    void valuesRefuseWhatCannotBe() {
        LlmError error = new LlmError(LlmError.Kind.EMPTY, "x");
        assertThrows(IllegalArgumentException.class, () -> new LlmAnswer("text", error));
        assertThrows(IllegalArgumentException.class, () -> new LlmAnswer(null, null));
        assertThrows(IllegalArgumentException.class, () -> new Completed(null, null, Completed.How.REPLIED));
        assertThrows(IllegalArgumentException.class, () -> new Completed("r", null, Completed.How.SKIPPED));
        assertThrows(IllegalArgumentException.class, () -> new BotOutcome.Deferred(Duration.ofMillis(-1), "x"));
        assertThrows(IllegalArgumentException.class, () -> new ReplyRules(Duration.ofMinutes(-1), false));
        assertThrows(IllegalArgumentException.class, () -> readyToAsk().withRateWait(Duration.ofMillis(-1)));
    }

    @Test
    void anLlmErrorSaysWhetherItSpendsAnAttemptAndHasText() {
        for (LlmError.Kind kind : LlmError.Kind.values()) {
            boolean reachedNoServer = kind == LlmError.Kind.NO_SERVER || kind == LlmError.Kind.BUSY;
            assertEquals(!reachedNoServer, new LlmError(kind, "x").countsAsAttempt(), kind.name());
        }
        assertEquals("no server", new LlmError(LlmError.Kind.NO_SERVER, " ").message());
    }
}
