package dev.chorus.application.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against in-memory ports: how much it claims and in what order, what it does when it cannot
 * start work, the tick's housekeeping, and the loop. Replies are held by the fake executor until a test runs them.
 */
class ReplyDispatcherTest {
    private final InMemoryBot bot = new InMemoryBot();

    private List<String> processing() {
        return bot.queue.all().stream().filter(t -> t.getStatus() == BotStatus.PROCESSING)
                .map(BotTask::getMessageId).sorted().toList();
    }

    @Test
    void claimsOnlyAsManyAsThereAreFreeSlotsMostUrgentFirst() {
        bot.llm.freeSlots = 2;
        bot.asks("m1", "sage");
        bot.now.incrementAndGet();
        bot.asks("m2", "sage");
        bot.now.incrementAndGet();
        bot.asks("m3", "sage");
        bot.queue.put(BotTask.pending("m3", "sage", 10, bot.queue.get("m3").getCreatedAt(), 0)); // more urgent

        bot.dispatcher.dispatch();
        assertEquals(List.of("m1", "m3"), processing(), "priority first, then the oldest");
        assertEquals(2, bot.executors.held.size());
        assertEquals(2, bot.metrics.of("claims"));
        BotTask claimed = bot.queue.get("m1");
        assertTrue(claimed.getHolder().startsWith(InMemoryBot.MEMBER + "/"), claimed.getHolder());
        assertEquals(bot.now.get() + bot.worker.leaseMillis(), claimed.getLeaseUntil());
    }

    @Test
    void tasksClaimedButNotYetOnTheirSlotCountAgainstTheFreeSlots() {
        bot.llm.freeSlots = 1;
        bot.asks("m1", "sage");
        bot.asks("m2", "sage");
        bot.dispatcher.dispatch();
        bot.dispatcher.dispatch(); // the fake's freeSlots still says 1: the claimed task has not taken it yet
        assertEquals(List.of("m1"), processing());

        bot.executors.runAll(); // m1 answered, its slot signalled and given back
        bot.dispatcher.dispatch();
        assertEquals(List.of("m2"), processing());
        assertNotNull(bot.board.get("m1-r-sage"));
    }

    @Test
    void noFreeSlotClaimsNothing() {
        bot.llm.freeSlots = 0;
        bot.asks("m1", "sage");
        bot.dispatcher.dispatch();
        assertEquals(List.of(), processing());
    }

    @Test
    void aDryRunClaimsABatchWhateverTheSlots() {
        bot.settings.dry = true;
        bot.llm.freeSlots = 0;
        for (int i = 0; i < 10; i++) {
            bot.asks("m" + i, "sage");
        }
        bot.dispatcher.dispatch();
        assertEquals(8, processing().size());
    }

    @Test
    void aBotSwitchedOffNeitherDispatchesNorKeepsHouse() {
        bot.settings.on = false;
        bot.asks("m1", "sage");
        bot.now.addAndGet(Duration.ofMinutes(121).toMillis());
        bot.dispatcher.tick();
        bot.dispatcher.dispatch();
        assertEquals(BotStatus.PENDING, bot.queue.get("m1").getStatus());
        assertTrue(bot.executors.held.isEmpty());
    }

    @Test
    void aTaskThatCannotBeStartedIsHandedBackAtOnceNotLeftToItsLease() {
        bot.executors.refuse = true;
        bot.asks("m1", "sage");
        bot.dispatcher.dispatch();
        BotTask back = bot.queue.get("m1");
        assertEquals(BotStatus.PENDING, back.getStatus());
        assertEquals(0, back.getAttempts());
        assertEquals(bot.now.get() + 1000, back.getNextAttemptAt());
        assertEquals("dispatcher busy", bot.board.get("m1").botParams().lastError());

        bot.executors.refuse = false;
        bot.now.addAndGet(1000);
        bot.dispatcher.dispatch();
        assertEquals(List.of("m1"), processing(), "the slot it had counted on is free again");
    }

    @Test
    void theTickReturnsLeasesOfMembersThatLeftAndLeasesThatRanOut() {
        bot.asks("m1", "sage");
        bot.asks("m2", "sage");
        bot.queue.claim("m1", bot.now.get(), 60_000, "member-b/1");
        bot.queue.claim("m2", bot.now.get(), 60_000, InMemoryBot.MEMBER + "/1");
        bot.members.live = Set.of(InMemoryBot.MEMBER);

        bot.dispatcher.tick();
        assertEquals(BotStatus.PENDING, bot.queue.get("m1").getStatus(), "member-b left: back at once");
        assertEquals(BotStatus.PROCESSING, bot.queue.get("m2").getStatus(), "a live holder keeps its lease");

        bot.now.addAndGet(60_001);
        bot.dispatcher.tick();
        assertEquals(BotStatus.PENDING, bot.queue.get("m2").getStatus(), "its lease ran out");
    }

    @Test
    void theTickFailsPendingTasksTooOldToAnswerOnQueueAndMessage() {
        bot.asks("m1", "sage");
        bot.now.addAndGet(Duration.ofMinutes(121).toMillis());
        bot.dispatcher.tick();
        assertEquals(BotStatus.FAILED, bot.queue.get("m1").getStatus());
        assertEquals(BotStatus.FAILED, bot.board.get("m1").botParams().status());
        assertEquals("too old: not answered after 120 minutes", bot.board.get("m1").botParams().lastError());
        assertEquals(1, bot.metrics.of("failures"));
    }

    @Test
    void theTickRepairsATaskCompletedWhoseMessageWasNot() {
        bot.asks("m1", "sage");
        bot.asks("m2", "sage");
        BotTask one = bot.claim("m1");
        BotTask two = bot.claim("m2");
        // Both workers completed the task and died before recording the message; m2's message got recorded later.
        bot.queue.put(one.complete(bot.now.get()));
        bot.queue.put(two.complete(bot.now.get()));
        bot.board.recordBotProgress(bot.board.get("m2").id(), BotStatus.COMPLETE, 1, "m2-r-sage", null);

        bot.now.addAndGet(10_001);
        bot.dispatcher.tick();
        assertEquals(BotStatus.PENDING, bot.queue.get("m1").getStatus(), "taken in again");
        assertFalse(bot.queue.find("m2").isPresent(), "complete on both: the leftover goes");
    }

    @Test
    void theLoopDispatchesWhenWokenAndStops() throws Exception {
        bot.executors.direct = true;
        bot.asks("m1", "sage");
        Thread loop = bot.executors.startDispatchLoop(bot.dispatcher::loop);
        bot.dispatcher.wake();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bot.board.get("m1-r-sage") == null && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertNotNull(bot.board.get("m1-r-sage"), "woken, the loop dispatched and the reply ran");
        bot.dispatcher.stop();
        loop.join(1000);
        assertFalse(loop.isAlive(), "stop ends the loop");
    }

    @Test
    void newWorkInTheQueueWakesTheLoop() throws Exception {
        bot.executors.direct = true;
        bot.queue.onLocalChange(bot.dispatcher::wake);
        Thread loop = bot.executors.startDispatchLoop(bot.dispatcher::loop);
        try {
            bot.asks("m1", "sage");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (bot.board.get("m1-r-sage") == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertNotNull(bot.board.get("m1-r-sage"));
        } finally {
            bot.dispatcher.stop();
            loop.join(1000);
        }
    }
}
