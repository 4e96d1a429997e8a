package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The health probes of an {@link LlmServerPool} (its class comment, "Health"): all servers at once on the probe
 * executor, LM Studio's model list first, else the OpenAI-compatible one, waiting at most
 * {@value LlmServerPool#PROBE_WAIT_PERCENT}% of the probe timeout overall.
 */
final class LlmProber {
    private static final Logger LOG = Logger.getLogger(LlmServerPool.class.getName());

    private final LlmTransport transport;
    private final ExecutorService executor;
    private final Duration probeTimeout;
    private final LlmPoolListener listener;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Runnable cameUp;

    /** @param cameUp run when a probe found a server up, so callers waiting for a slot look again */
    LlmProber(LlmTransport transport, ExecutorService executor, Duration probeTimeout, LlmPoolListener listener,
              Clock clock, LongSupplier nanoTime, Runnable cameUp) {
        this.transport = transport;
        this.executor = executor;
        this.probeTimeout = probeTimeout;
        this.listener = listener;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.cameUp = cameUp;
    }

    /** Probes every server in parallel and waits for them, up to the bound. */
    void probeAll(List<LlmServer> all) {
        long start = nanoTime.getAsLong();
        Map<LlmServer, Future<?>> running = new LinkedHashMap<>();
        for (LlmServer s : all) {
            if (s.probing.compareAndSet(false, true)) {
                try {
                    running.put(s, executor.submit(() -> probe(s)));
                } catch (RejectedExecutionException e) {
                    s.probing.set(false);
                }
            }
        }
        long deadline = start + probeTimeout.toNanos() * LlmServerPool.PROBE_WAIT_PERCENT / 100;
        for (Map.Entry<LlmServer, Future<?>> e : running.entrySet()) {
            long remaining = deadline - nanoTime.getAsLong();
            try {
                e.getValue().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            } catch (TimeoutException te) {
                timedOut(e.getKey());
            } catch (ExecutionException ee) {
                LOG.log(Level.WARNING, "LLM probe task failed", ee.getCause());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Never probed, or not within {@code maxAge}. */
    boolean isStale(LlmServer s, Duration maxAge) {
        return !s.probed || nanoTime.getAsLong() - s.lastProbeNanos > maxAge.toNanos();
    }

    private void probe(LlmServer s) {
        long t0 = nanoTime.getAsLong();
        ServerHealth health;
        try {
            health = probeCalls(s);
        } catch (RuntimeException e) {
            LlmFailure f = LlmErrorClassifier.fromException(e, s.baseUrl);
            synchronized (s) {
                s.markDown(f.getMessage());
                finish(s);
            }
            health = ServerHealth.DOWN;
        }
        listener.onProbe(s.baseUrl, health, Duration.ofNanos(nanoTime.getAsLong() - t0));
    }

    private ServerHealth probeCalls(LlmServer s) {
        try {
            LmStudioModelList models = transport.loadedModels(s.baseUrl);
            synchronized (s) {
                up(s, true, models.loadedIds(), models.allIds());
                finish(s);
            }
            return ServerHealth.UP;
        } catch (LlmFailure f) {
            if (!answeredButNotLmStudio(f)) {
                synchronized (s) {
                    s.markDown(f.getMessage());
                    finish(s);
                }
                return ServerHealth.DOWN;
            }
        }
        try {
            List<String> ids = transport.listModels(s.baseUrl).ids();
            synchronized (s) {
                up(s, false, ids, ids);
                finish(s);
            }
            return ServerHealth.UP;
        } catch (LlmFailure f) {
            synchronized (s) {
                if (answeredButNotLmStudio(f)) {
                    up(s, false, List.of(), List.of());
                } else {
                    s.markDown(f.getMessage());
                }
                finish(s);
            }
            return s.health;
        }
    }

    /** The server answered, just not with what this call expects: it is alive. */
    private static boolean answeredButNotLmStudio(LlmFailure f) {
        return f.kind() == Kind.MALFORMED || f.kind() == Kind.MODEL_NOT_FOUND
                || (f.kind() == Kind.HTTP_ERROR && f.httpStatus() >= 400 && f.httpStatus() < 500);
    }

    /** A probe still running at the deadline: down for now; its late result still applies. */
    private void timedOut(LlmServer s) {
        synchronized (s) {
            if (s.probing.get()) {
                s.markDown(LlmFailure.of(Kind.TIMEOUT, s.baseUrl,
                        "health probe did not answer within " + probeTimeout.toMillis() + " ms").getMessage());
                s.probedAt(nanoTime.getAsLong(), clock.instant());
            }
        }
    }

    private void up(LlmServer s, boolean lmStudio, List<String> loaded, List<String> available) {
        s.markUp(lmStudio, loaded, available);
        cameUp.run();
    }

    private void finish(LlmServer s) {
        s.probedAt(nanoTime.getAsLong(), clock.instant());
        s.probing.set(false);
    }
}
