package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One server of an {@link LlmServerPool}: its slots, breaker and what probes and calls found out. Health fields
 * are written under this object's monitor, read without.
 */
final class LlmServer {
    private static final Logger LOG = Logger.getLogger(LlmServerPool.class.getName());

    final URI baseUrl;
    final int slotCount;
    final Semaphore slots;
    final CircuitBreaker breaker;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicBoolean probing = new AtomicBoolean();
    final AtomicLong successes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    volatile ServerHealth health = ServerHealth.UNKNOWN;
    volatile boolean lmStudio;
    volatile Set<String> loaded = Set.of();
    volatile Set<String> available = Set.of();
    volatile String lastError;
    volatile boolean probed;
    volatile long lastProbeNanos;
    volatile Instant lastProbeAt;
    volatile long lastLatencyMillis = -1;

    LlmServer(URI baseUrl, int slotCount, CircuitBreaker breaker) {
        this.baseUrl = baseUrl;
        this.slotCount = slotCount;
        this.slots = new Semaphore(slotCount);
        this.breaker = breaker;
    }

    /** Not down, and the breaker lets a call through. */
    boolean usable() {
        return health != ServerHealth.DOWN && breaker.isCallPermitted();
    }

    /** 0: {@code model} is loaded here; 1: listed here; 2: unknown (or no model asked for). */
    int affinity(String model) {
        if (model == null) {
            return 2;
        }
        if (ModelNames.contains(loaded, model)) {
            return 0;
        }
        return ModelNames.contains(available, model) ? 1 : 2;
    }

    /** Caller holds this server's monitor. */
    void markUp(boolean lmStudio, List<String> loaded, List<String> available) {
        if (health != ServerHealth.UP) {
            LOG.log(Level.INFO, "LLM server {0} is up ({1} models loaded)", new Object[]{baseUrl, loaded.size()});
        }
        health = ServerHealth.UP;
        this.lmStudio = lmStudio;
        this.loaded = Set.copyOf(new HashSet<>(loaded));
        this.available = Set.copyOf(new HashSet<>(available));
        lastError = null;
    }

    /** Caller holds this server's monitor. */
    void markDown(String error) {
        if (health != ServerHealth.DOWN) {
            LOG.log(Level.WARNING, "LLM server {0} is down: {1}", new Object[]{baseUrl, error});
        }
        health = ServerHealth.DOWN;
        lastError = error;
    }

    /** A probe's result is in (or its deadline passed). */
    void probedAt(long nanos, Instant at) {
        probed = true;
        lastProbeNanos = nanos;
        lastProbeAt = at;
    }

    /** A completion answered coherently: the breaker closes, and the model is loaded here now. */
    void recordSuccess(String model, long nanos) {
        breaker.onSuccess();
        successes.incrementAndGet();
        lastLatencyMillis = TimeUnit.NANOSECONDS.toMillis(nanos);
        lastError = null;
        if (model != null && !ModelNames.contains(loaded, model)) {
            Set<String> more = new HashSet<>(loaded);
            more.add(model);
            loaded = Set.copyOf(more);
        }
    }

    /** A completion failed: server faults count against the breaker; a refused connection marks it down. */
    void recordFailure(String model, long nanos, LlmFailure f) {
        if (f.isServerFault()) {
            breaker.onFailure();
        } else {
            breaker.onSuccess();
        }
        failures.incrementAndGet();
        lastLatencyMillis = TimeUnit.NANOSECONDS.toMillis(nanos);
        lastError = f.getMessage();
        if (f.kind() == Kind.CONNECTION_REFUSED || f.kind() == Kind.UNREACHABLE) {
            synchronized (this) {
                markDown(f.getMessage());
            }
        } else if (f.kind() == Kind.MODEL_NOT_FOUND && model != null) {
            loaded = ModelNames.without(loaded, model);
            available = ModelNames.without(available, model);
        }
    }

    /** Why this server takes no call now: down (and why) or its breaker's state. */
    String unavailableReason() {
        if (health == ServerHealth.DOWN) {
            return baseUrl + " down" + (lastError == null ? "" : " (" + lastError + ")");
        }
        return baseUrl + " circuit " + breaker.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    LlmServerStatus status() {
        return new LlmServerStatus(baseUrl, health, lmStudio, loaded, available, inFlight.get(), slotCount,
                breaker.state(), breaker.consecutiveFailures(), successes.get(), failures.get(), lastLatencyMillis,
                lastError, lastProbeAt);
    }
}
