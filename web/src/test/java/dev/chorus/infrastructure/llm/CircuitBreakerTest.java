package dev.chorus.infrastructure.llm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {
    private final AtomicLong nanos = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void opensAfterConsecutiveFailures() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquirePermission());
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.isCallPermitted());
        assertFalse(breaker.tryAcquirePermission());
    }

    @Test
    void halfOpenLetsOneTrialThrough() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        advance(Duration.ofSeconds(9));
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        advance(Duration.ofSeconds(1));
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.isCallPermitted());
        assertTrue(breaker.tryAcquirePermission());
        assertFalse(breaker.isCallPermitted(), "only one trial");
        assertFalse(breaker.tryAcquirePermission());
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals(0, breaker.consecutiveFailures());
    }

    @Test
    void failedTrialReopensForAnotherCoolDown() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        advance(Duration.ofSeconds(10));
        assertTrue(breaker.tryAcquirePermission());
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        advance(Duration.ofSeconds(5));
        assertFalse(breaker.isCallPermitted());
        advance(Duration.ofSeconds(5));
        assertTrue(breaker.isCallPermitted());
    }

    @Test
    void ignoredTrialFreesTheSlot() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        advance(Duration.ofSeconds(10));
        assertTrue(breaker.tryAcquirePermission());
        breaker.onIgnored();
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquirePermission());
    }
}
