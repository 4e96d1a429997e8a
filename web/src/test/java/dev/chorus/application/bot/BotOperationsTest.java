package dev.chorus.application.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.Caller;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.bot.BotTask;
import org.junit.jupiter.api.Test;

/** The operator's bot controls: cancel, priority, pause; the operator credential; every action audited. */
class BotOperationsTest {
    private static final Caller OPERATOR = new Caller("127.0.0.1", false, true);
    private static final Caller ANONYMOUS = new Caller("127.0.0.1", false);
    private final InMemoryBot bot = new InMemoryBot();

    @Test
    void cancellingAPendingTaskFailsItOnQueueAndMessage() {
        bot.asks("m1", "sage");
        BotTask cancelled = bot.operations.cancel("m1", OPERATOR);
        assertEquals(BotStatus.FAILED, cancelled.getStatus());
        assertEquals("cancelled by operator", bot.queue.get("m1").getLastError());
        assertEquals(BotStatus.FAILED, bot.board.get("m1").botParams().status());
        assertEquals("cancelled by operator", bot.board.get("m1").botParams().lastError());
        assertEquals("cancel", bot.audit.newest(1).get(0).action());
        assertEquals("operator", bot.audit.newest(1).get(0).actor());
        assertEquals(BotStatus.PENDING, bot.operations.requeue("m1", OPERATOR).getStatus(), "requeue brings it back");
    }

    @Test
    void aTaskBeingAnsweredOrNotQueuedIsNotCancelled() {
        bot.asks("m1", "sage");
        bot.claim("m1");
        assertThrows(RequeueRefusedException.class, () -> bot.operations.cancel("m1", OPERATOR));
        assertEquals(BotStatus.PROCESSING, bot.queue.get("m1").getStatus());
        assertThrows(RequeueRefusedException.class, () -> bot.operations.cancel("nothing", OPERATOR));
        assertTrue(bot.audit.newest(10).isEmpty(), "refused actions are not audited");
    }

    @Test
    void priorityIsCheckedAndSetOnTheQueuedTask() {
        bot.asks("m1", "sage");
        assertEquals(3, bot.operations.setPriority("m1", 3, OPERATOR).getPriority());
        assertEquals(3, bot.queue.get("m1").getPriority());
        assertEquals("priority", assertThrows(InvalidMessageException.class,
                () -> bot.operations.setPriority("m1", 100, OPERATOR)).field());
        assertThrows(RequeueRefusedException.class, () -> bot.operations.setPriority("none", 1, OPERATOR));
    }

    @Test
    void whilePausedNothingIsClaimed() {
        bot.operations.setPaused(true, OPERATOR);
        bot.asks("m1", "sage");
        bot.dispatcher.dispatch();
        assertEquals(BotStatus.PENDING, bot.queue.get("m1").getStatus());
        assertTrue(bot.operations.paused());
        bot.operations.setPaused(false, OPERATOR);
        bot.dispatcher.dispatch();
        assertTrue(bot.queue.get("m1") == null || bot.queue.get("m1").getStatus() != BotStatus.PENDING,
                "claimed once resumed");
        assertEquals(java.util.List.of("resume", "pause"),
                bot.audit.newest(2).stream().map(e -> e.action()).toList());
    }

    @Test
    void everyControlNeedsTheOperatorOrTheBotCredential() {
        bot.asks("m1", "sage");
        assertThrows(AccessDeniedException.class, () -> bot.operations.cancel("m1", ANONYMOUS));
        assertThrows(AccessDeniedException.class, () -> bot.operations.setPriority("m1", 1, ANONYMOUS));
        assertThrows(AccessDeniedException.class, () -> bot.operations.setPaused(true, ANONYMOUS));
        assertThrows(AccessDeniedException.class, () -> bot.operations.personas(ANONYMOUS));
        assertEquals(BotStatus.PENDING, bot.queue.get("m1").getStatus());
    }
}
