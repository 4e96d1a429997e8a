package dev.chorus.infrastructure.llm;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A small per-server circuit breaker. MicroProfile Fault Tolerance's {@code @CircuitBreaker} works only on CDI beans
 * (it has no programmatic API), and one breaker per server of a changing list needs one instance per server, hence
 * this class.
 * <ul>
 *   <li>{@link State#CLOSED}: calls pass; {@code failureThreshold} consecutive failures open it.</li>
 *   <li>{@link State#OPEN}: calls are refused until {@code openDuration} has passed since it opened, then it is
 *       half-open.</li>
 *   <li>{@link State#HALF_OPEN}: exactly one trial call passes; its success closes the breaker, its failure opens it
 *       again for another {@code openDuration}. A trial that ends without a verdict ({@link #onIgnored()}) lets
 *       the next trial through.</li>
 * </ul>
 * Thread-safe. Time comes from a nanosecond clock so tests can drive it.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.nanoClock = nanoClock;
    }

    public CircuitBreaker(int failureThreshold, Duration openDuration) {
        this(failureThreshold, openDuration, System::nanoTime);
    }

    /** Whether a call would be let through now, without taking the half-open trial. */
    public synchronized boolean isCallPermitted() {
        return switch (state()) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> !trialInFlight;
        };
    }

    /**
     * Asks to make a call. In the half-open state this takes the single trial; the caller must then report
     * {@link #onSuccess()}, {@link #onFailure()} or {@link #onIgnored()}.
     */
    public synchronized boolean tryAcquirePermission() {
        switch (state()) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
            default:
                return false;
        }
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        State s = state();
        if (s == State.HALF_OPEN || (s == State.CLOSED && consecutiveFailures >= failureThreshold)) {
            open();
        }
        trialInFlight = false;
    }

    /** The call ended with no verdict on the server (e.g. it was never sent): frees the half-open trial. */
    public synchronized void onIgnored() {
        trialInFlight = false;
    }

    /** The current state (an open breaker whose cool-down has passed reports {@link State#HALF_OPEN}). */
    public synchronized State state() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= openNanos) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoClock.getAsLong();
    }
}
