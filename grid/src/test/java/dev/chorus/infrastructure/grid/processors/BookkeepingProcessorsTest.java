package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.TestMessages.human;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;
import java.util.Set;
import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SetProcessed, CountPost, SetValue and ReleaseLease on one real embedded member. */
class BookkeepingProcessorsTest {
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static final long MINUTE = 60_000;
    private static final long BOT_LEASE = 316_000;
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        member = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(BookkeepingProcessorsTest.class));
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    private static String key() {
        return "k" + KEYS.incrementAndGet();
    }

    private static IMap<String, Message> messages() {
        return member.getMap("messages");
    }

    private static IMap<String, long[]> rate() {
        return member.getMap("rate");
    }

    private static IMap<String, BotTask> queue() {
        return member.getMap("queue");
    }

    // --- ReleaseLease: a departed holder's task is claimable at once, a live one's keeps its lease ----------

    @Test
    void aTaskHeldByADepartedMemberIsClaimableWithinTheTickNotAfterItsLease() {
        queue().set("m1", BotTask.pending("m1", "echo", null, 0, 0).claim(1_000, BOT_LEASE, "gone/1"));
        BotTask released = queue().executeOnKey("m1", new ReleaseLease(2_300, Set.of("live")));
        assertEquals(BotStatus.PENDING, released.getStatus());
        assertTrue(queue().get("m1").isDue(2_300), "due at once, 1.3 s after the claim, not after " + BOT_LEASE + " ms");
        assertTrue(queue().get("m1").claim(2_300, BOT_LEASE, "live/2") != null);
    }

    @Test
    void aTaskHeldByALiveMemberKeepsItsLease() {
        queue().set("m2", BotTask.pending("m2", "echo", null, 0, 0).claim(1_000, BOT_LEASE, "live/1"));
        assertNull(queue().executeOnKey("m2", new ReleaseLease(2_300, Set.of("live"))));
        assertEquals(BotStatus.PROCESSING, queue().get("m2").getStatus());
    }

    // --- SetProcessed -------------------------------------------------------------------------------------

    @Test
    void setProcessedMarksCompleteAndTwiceEqualsOnce() {
        String key = key();
        BotParams pending = BotParams.request("alice", 7, null, null, null).startPending();
        Message original = message(key).botParams(pending).timestamp(123).context(List.of("a: b")).build();
        messages().put(key, original);

        SetProcessed done = new SetProcessed(true);
        Message once = messages().executeOnKey(key, done);
        Message storedOnce = messages().get(key);
        Message twice = messages().executeOnKey(key, done);
        Message thrice = messages().executeOnKey(key, new SetProcessed(true));

        Message expected = original.withBotParams(pending.withProcessed(true));
        assertEquals(expected, once);
        assertEquals(expected, storedOnce);
        assertEquals(expected, twice);
        assertEquals(expected, thrice);
        assertEquals(expected, messages().get(key));
        assertEquals(BotStatus.COMPLETE, messages().get(key).botParams().status());
        assertEquals(List.of("a: b"), messages().get(key).context(), "the individual key keeps its context");
        assertEquals(123, messages().get(key).timestamp());
    }

    @Test
    void setProcessedFalsePutsTheMessageBackToPending() {
        String key = key();
        BotParams pending = BotParams.request("alice", null, null, null, null).startPending();
        messages().put(key, message(key).botParams(pending.withProcessed(true)).build());
        Message undone = messages().executeOnKey(key, new SetProcessed(false));
        assertEquals(Boolean.FALSE, undone.botParams().processed());
        assertEquals(BotStatus.PENDING, undone.botParams().status());
        assertEquals(undone, messages().executeOnKey(key, new SetProcessed(false)));
    }

    @Test
    void setProcessedOnAMessageWithoutBotParamsGivesItBookkeeping() {
        String key = key();
        messages().put(key, human(key));
        Message done = messages().executeOnKey(key, new SetProcessed(true));
        assertEquals(new BotParams(null, null, null, null, null, true, BotStatus.COMPLETE, null, null, null),
                done.botParams());
        assertEquals(done, messages().get(key));
    }

    @Test
    void setProcessedOnAnAbsentIdReturnsNullAndCreatesNothing() {
        String key = key();
        assertNull(messages().executeOnKey(key, new SetProcessed(true)));
        assertNull(messages().executeOnKey(key, new SetProcessed(true)));
        assertFalse(messages().containsKey(key));
    }

    // --- SetValue -----------------------------------------------------------------------------------------

    @Test
    void setValueWritesTheGivenValueAndHasNoBackupOfItsOwn() {
        String key = key();
        Message value = human(key);
        SetValue<String, Message, Object> set = new SetValue<>(value);
        assertNull(messages().executeOnKey(key, set));
        assertEquals(value, messages().get(key));
        assertNull(messages().executeOnKey(key, set));
        assertEquals(value, messages().get(key));
        assertNull(set.getBackupProcessor());
    }

    // --- CountPost ----------------------------------------------------------------------------------------

    @Test
    void countPostAllowsUpToTheLimitThenSaysWhenTheOldestAgesOut() {
        String key = key();
        assertEquals(0L, rate().executeOnKey(key, new CountPost(3, MINUTE, 1_000)));
        assertEquals(0L, rate().executeOnKey(key, new CountPost(3, MINUTE, 2_000)));
        assertEquals(0L, rate().executeOnKey(key, new CountPost(3, MINUTE, 3_000)));
        // full: the post at 1 000 ages out at 61 000
        assertEquals(57_000L, rate().executeOnKey(key, new CountPost(3, MINUTE, 4_000)));
        assertEquals(1L, rate().executeOnKey(key, new CountPost(3, MINUTE, 60_999)));
        assertArrayEquals(new long[] {1_000, 2_000, 3_000}, rate().get(key), "a refused post is not counted");
        // the sliding window: at 61 000 the first post no longer counts
        assertEquals(0L, rate().executeOnKey(key, new CountPost(3, MINUTE, 61_000)));
        assertArrayEquals(new long[] {2_000, 3_000, 61_000}, rate().get(key), "aged-out posts are dropped");
        assertEquals(1_000L, rate().executeOnKey(key, new CountPost(3, MINUTE, 61_000)));
    }

    @Test
    void countPostRetryAfterIsMeasuredFromTheRightPostWhenManyHaveAgedOut() {
        String key = key();
        for (long t : new long[] {0, 10_000, 20_000, 30_000, 40_000}) {
            assertEquals(0L, rate().executeOnKey(key, new CountPost(10, MINUTE, t)));
        }
        // at 65 000 the posts at 0 has aged out; with limit 4 the oldest that must age out is 10 000 -> wait 5 000
        assertEquals(5_000L, rate().executeOnKey(key, new CountPost(4, MINUTE, 65_000)));
        assertArrayEquals(new long[] {10_000, 20_000, 30_000, 40_000}, rate().get(key));
    }

    @Test
    void countPostRerunCountsTwiceAsDocumented() {
        String key = key();
        CountPost post = new CountPost(2, MINUTE, 1_000);
        assertEquals(0L, rate().executeOnKey(key, post));
        assertEquals(0L, rate().executeOnKey(key, post));
        assertArrayEquals(new long[] {1_000, 1_000}, rate().get(key));
        assertEquals(MINUTE, rate().executeOnKey(key, new CountPost(2, MINUTE, 1_000)));
    }

    @Test
    void countPostKeepsClientsApart() {
        String alice = key();
        String bob = key();
        assertEquals(0L, rate().executeOnKey(alice, new CountPost(1, MINUTE, 1_000)));
        assertEquals(MINUTE, rate().executeOnKey(alice, new CountPost(1, MINUTE, 1_000)));
        assertEquals(0L, rate().executeOnKey(bob, new CountPost(1, MINUTE, 1_000)));
    }

    @Test
    void countPostWithLimitTenPerMinuteAsConfiguredByDefault() {
        String key = key();
        long start = 1_700_000_000_000L;
        for (int i = 0; i < 10; i++) {
            assertEquals(0L, rate().executeOnKey(key, new CountPost(10, MINUTE, start + i * 100)));
        }
        long wait = rate().executeOnKey(key, new CountPost(10, MINUTE, start + 1_000));
        assertEquals(MINUTE - 1_000, wait);
        assertEquals(0L, rate().executeOnKey(key, new CountPost(10, MINUTE, start + MINUTE)));
    }
}
