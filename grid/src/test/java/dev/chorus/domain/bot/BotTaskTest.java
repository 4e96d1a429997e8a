package dev.chorus.domain.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.BotStatus;
import org.junit.jupiter.api.Test;

class BotTaskTest {
    private final BotTask pending = BotTask.pending("m1", "echo", null, 1000, 0);

    @Test
    void claimTakesTheNextTokenAndALeaseAndOnlyOnce() {
        BotTask claimed = pending.claim(2000, 500, "member/1");
        assertEquals(BotStatus.PROCESSING, claimed.getStatus());
        assertEquals(1, claimed.getToken());
        assertEquals(2500, claimed.getLeaseUntil());
        assertEquals(50, claimed.getPriority());
        assertNull(claimed.claim(2000, 500, "member/2"), "a processing task cannot be claimed again");
        assertTrue(claimed.holds(1));
        assertFalse(claimed.holds(0));
    }

    @Test
    void failedAttemptsBackOffThenFail() {
        Backoff backoff = new Backoff(1000, 60_000);
        BotTask first = pending.claim(0, 10, "m/1").retry(100, "boom", 3, backoff);
        assertEquals(BotStatus.PENDING, first.getStatus());
        assertEquals(1, first.getAttempts());
        assertEquals(1100, first.getNextAttemptAt());
        assertFalse(first.isDue(1099));
        BotTask second = first.claim(1100, 10, "m/2").retry(1200, "boom", 3, backoff);
        assertEquals(3200, second.getNextAttemptAt());
        BotTask third = second.claim(3200, 10, "m/3").retry(3300, "boom", 3, backoff);
        assertEquals(BotStatus.FAILED, third.getStatus());
        assertEquals(3, third.getAttempts());
        assertEquals("boom", third.getLastError());
        BotTask requeued = third.requeue();
        assertEquals(0, requeued.getAttempts());
        assertTrue(requeued.isDue(0));
    }

    @Test
    void deferralSpendsNoAttemptAndExpiredLeasesReturnToPending() {
        BotTask claimed = pending.claim(0, 100, "m/1");
        BotTask deferred = claimed.defer(5000, "no LLM server available");
        assertEquals(0, deferred.getAttempts());
        assertFalse(deferred.isDue(4999));
        assertNull(claimed.releaseExpired(100), "lease still valid");
        BotTask released = claimed.releaseExpired(101);
        assertEquals(BotStatus.PENDING, released.getStatus());
        assertEquals(1, released.getToken(), "the next claim takes token 2, fencing the old holder");
    }

    @Test
    void aTaskWhoseHolderLeftIsClaimableAtOnceNotAfterItsLease() {
        BotTask claimed = pending.claim(0, 300_000, "gone-member/1");
        BotTask released = claimed.releaseOrphaned(1_300);
        assertEquals(BotStatus.PENDING, released.getStatus());
        assertTrue(released.isDue(1_300), "due at once, not after the 300 s lease");
        assertEquals(0, released.getAttempts(), "the holder vanished; it did not fail");
        BotTask reclaimed = released.claim(1_300, 300_000, "live-member/2");
        assertEquals(2, reclaimed.getToken(), "the new claim fences the departed holder's completion");
        assertFalse(reclaimed.holds(1));
        assertNull(pending.releaseOrphaned(1_300), "only a processing task is released");
    }

    @Test
    void backoffIsExponentialAndCapped() {
        Backoff backoff = new Backoff(1000, 5000);
        assertEquals(1000, backoff.delayMillis(1));
        assertEquals(2000, backoff.delayMillis(2));
        assertEquals(4000, backoff.delayMillis(3));
        assertEquals(5000, backoff.delayMillis(10));
    }
}
