package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The LLM servers one member may call, with what it knows about each.
 *
 * <h2>Health</h2>
 * {@link #probeAll()} probes every server at once on the probe executor, each with the short probe timeout, and
 * waits at most {@value #PROBE_WAIT_PERCENT}% of that timeout overall: dead servers cost one timeout together, not one
 * each. A probe asks LM Studio's {@code /api/v0/models} (which models are loaded); if the server answers that with a
 * 4xx or a body that is not LM Studio's, it asks the OpenAI-compatible {@code /models} instead (its models count as
 * loaded); if that too answers 4xx the server is up with unknown models. A refused connection, a timeout or a 5xx
 * marks it {@link ServerHealth#DOWN}. A probe still running at the deadline marks the server down for now; its late
 * result still applies. The caller schedules probes (e.g. every 10-15 s); {@link #acquire} re-probes by itself only
 * when every server is down and the last probe is older than {@link #REPROBE_INTERVAL}.
 *
 * <h2>Choosing a server</h2>
 * Usable servers are those not down whose circuit breaker lets a call through. They are ranked by model affinity
 * (the model loaded there; else listed there; else unknown), then known-up before not-yet-probed, then least busy
 * (in-flight / slots), ties taken in turn. The first one with a free slot is used, so work spills to a free server
 * rather than waiting for a busy one that has the model loaded (LM Studio loads a model on demand). Model names match
 * ignoring case, and a name without {@code @quantization} matches any quantization of it.
 *
 * <h2>Limits</h2>
 * Each server has {@link LlmSettings#slotsPerServer()} slots (a semaphore); a call holds one for its whole duration.
 * Each server has a {@link CircuitBreaker} fed by completion calls: server faults
 * ({@link LlmFailure#isServerFault()}) count against it, a coherent answer closes it. A refused connection also marks
 * the server down until a probe succeeds.
 */
public final class LlmServerPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LlmServerPool.class.getName());
    /** How long {@link #probeAll()} waits, in percent of the probe timeout. */
    public static final int PROBE_WAIT_PERCENT = 125;
    /** When every server is down, {@link #acquire} probes again first if the last probe is older than this. */
    static final Duration REPROBE_INTERVAL = Duration.ofSeconds(10);
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final LlmSettings settings;
    private final LlmTransport transport;
    private final ExecutorService probeExecutor;
    private final LlmProber prober;
    private final boolean ownsExecutor;
    private final LlmPoolListener listener;
    private final LongSupplier nanoTime;
    private final AtomicInteger turn = new AtomicInteger();
    private final Object slotMonitor = new Object();
    private long releases; // guarded by slotMonitor
    private volatile List<LlmServer> servers;

    /** A pool over {@code settings.servers()} with its own daemon probe threads. */
    public LlmServerPool(LlmSettings settings, LlmTransport transport) {
        this(settings, transport, null, LlmPoolListener.NONE);
    }

    /**
     * @param probeExecutor runs the probes in parallel (in the container: a {@code ManagedExecutorService}); it must
     *                      run at least as many tasks at once as there are servers. {@code null}: the pool makes its
     *                      own daemon threads and shuts them down on {@link #close()}.
     */
    public LlmServerPool(LlmSettings settings, LlmTransport transport, ExecutorService probeExecutor,
                         LlmPoolListener listener) {
        this(settings, transport, probeExecutor, listener, Clock.systemUTC(), System::nanoTime);
    }

    /** For tests: with the clocks given. */
    public LlmServerPool(LlmSettings settings, LlmTransport transport, ExecutorService probeExecutor,
                         LlmPoolListener listener, Clock clock, LongSupplier nanoTime) {
        this.settings = settings;
        this.transport = transport;
        this.ownsExecutor = probeExecutor == null;
        this.probeExecutor = probeExecutor == null ? Executors.newCachedThreadPool(daemonThreads()) : probeExecutor;
        this.listener = listener == null ? LlmPoolListener.NONE : listener;
        this.nanoTime = nanoTime;
        this.prober = new LlmProber(transport, this.probeExecutor, settings.probeTimeout(), this.listener, clock,
                nanoTime, this::signalRelease);
        this.servers = List.of();
        updateServers(settings.servers());
    }

    /** The servers' base URLs, in order. */
    public List<URI> servers() {
        return servers.stream().map(s -> s.baseUrl).toList();
    }

    /**
     * Replaces the server list (e.g. after the entities file changed). Servers that stay keep their state, slots and
     * breaker; calls in flight on removed servers finish normally.
     */
    public synchronized void updateServers(Collection<URI> baseUrls) {
        Map<URI, LlmServer> current = new LinkedHashMap<>();
        for (LlmServer s : servers) {
            current.put(s.baseUrl, s);
        }
        List<LlmServer> next = new ArrayList<>();
        for (URI uri : new LinkedHashSet<>(baseUrls)) {
            LlmServer s = current.get(uri);
            next.add(s != null ? s : new LlmServer(uri, settings.slotsPerServer(),
                    new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration(), nanoTime)));
        }
        servers = List.copyOf(next);
        signalRelease();
    }

    // ---------------------------------------------------------------- probes

    /** Probes every server in parallel (see the class comment) and returns the new status. */
    public List<LlmServerStatus> probeAll() {
        prober.probeAll(servers);
        return status();
    }

    /** Probes all servers if any was never probed or not within {@code maxAge}; true if it probed. */
    public boolean probeIfStale(Duration maxAge) {
        if (servers.stream().anyMatch(s -> prober.isStale(s, maxAge))) {
            probeAll();
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- calls

    /**
     * A slot on the best usable server for {@code model}, waiting up to {@code maxWait} for one to free up.
     * Close the lease (try-with-resources) to give the slot back.
     *
     * @throws LlmFailure {@link Kind#NO_SERVER} at once when no server is usable (none configured, all down, all
     *                    breakers open); {@link Kind#BUSY} when slots stayed taken for {@code maxWait}
     */
    public LlmServerLease acquire(String model, Duration maxWait) throws LlmFailure {
        long deadline = nanoTime.getAsLong() + maxWait.toNanos();
        boolean reprobed = false;
        while (true) {
            long seen;
            synchronized (slotMonitor) {
                seen = releases;
            }
            List<LlmServer> all = servers;
            if (all.isEmpty()) {
                throw LlmFailure.of(Kind.NO_SERVER, null, "no LLM server configured");
            }
            List<LlmServer> usable = new ArrayList<>(all.size());
            for (LlmServer s : all) {
                if (s.usable()) {
                    usable.add(s);
                }
            }
            if (usable.isEmpty()) {
                if (!reprobed && all.stream().anyMatch(s -> s.health == ServerHealth.DOWN
                        && prober.isStale(s, REPROBE_INTERVAL))) {
                    reprobed = true;
                    probeAll();
                    continue;
                }
                throw LlmFailure.of(Kind.NO_SERVER, null, unavailableSummary(all));
            }
            for (LlmServer s : rank(usable, model)) {
                if (s.slots.tryAcquire()) {
                    if (s.breaker.tryAcquirePermission()) {
                        s.inFlight.incrementAndGet();
                        return new LlmServerLease(this, s, model);
                    }
                    s.slots.release();
                }
            }
            long remaining = deadline - nanoTime.getAsLong();
            if (remaining <= 0) {
                throw LlmFailure.of(Kind.BUSY, null, "every usable LLM server's " + settings.slotsPerServer()
                        + " slot(s) stayed taken for " + maxWait.toMillis() + " ms");
            }
            synchronized (slotMonitor) {
                if (releases == seen) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(slotMonitor, Math.min(remaining, WAIT_SLICE_NANOS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw LlmFailure.of(Kind.BUSY, null, "interrupted while waiting for an LLM slot");
                    }
                }
            }
        }
    }

    /**
     * One completion on the best server: {@link #acquire}, call, release.
     *
     * @param maxWaitForSlot how long to wait for a free slot
     * @throws LlmFailure classified; see {@link LlmFailure.Kind}
     */
    public LlmCompletion complete(ChatCompletionRequest request, Duration maxWaitForSlot) throws LlmFailure {
        try (LlmServerLease lease = acquire(request.model(), maxWaitForSlot)) {
            return lease.complete(request);
        }
    }

    private List<LlmServer> rank(List<LlmServer> usable, String model) {
        int n = usable.size();
        int offset = Math.floorMod(turn.getAndIncrement(), n);
        List<LlmServer> ranked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ranked.add(usable.get((i + offset) % n));
        }
        ranked.sort(Comparator.<LlmServer>comparingInt(s -> s.affinity(model))
                .thenComparingInt(s -> s.health == ServerHealth.UP ? 0 : 1)
                .thenComparingDouble(s -> (double) s.inFlight.get() / s.slotCount));
        return ranked;
    }

    private static String unavailableSummary(List<LlmServer> all) {
        return String.join("; ", all.stream().map(LlmServer::unavailableReason).toList());
    }

    // ---------------------------------------------------------------- lease callbacks

    ChatCompletionResponse call(LlmServer s, ChatCompletionRequest request, Consumer<CharSequence> onText) throws LlmFailure {
        return Boolean.TRUE.equals(request.stream()) ? transport.streamChatCompletion(s.baseUrl, request, onText)
                : transport.chatCompletion(s.baseUrl, request);
    }

    long now() {
        return nanoTime.getAsLong();
    }

    void recordSuccess(LlmServer s, String model, long nanos) {
        s.recordSuccess(model, nanos);
        listener.onCompletion(s.baseUrl, model, Duration.ofNanos(nanos), null);
    }

    void recordFailure(LlmServer s, String model, long nanos, LlmFailure f) {
        s.recordFailure(model, nanos, f);
        listener.onCompletion(s.baseUrl, model, Duration.ofNanos(nanos), f);
    }

    void release(LlmServer s, boolean verdictGiven) {
        if (!verdictGiven) {
            s.breaker.onIgnored();
        }
        s.inFlight.decrementAndGet();
        s.slots.release();
        signalRelease();
    }

    private void signalRelease() {
        synchronized (slotMonitor) {
            releases++;
            slotMonitor.notifyAll();
        }
    }

    // ---------------------------------------------------------------- status

    public List<LlmServerStatus> status() {
        return servers.stream().map(LlmServer::status).toList();
    }

    /** Whether some server answered its last probe: what readiness reports as "LLM up". */
    public boolean anyServerUp() {
        return servers.stream().anyMatch(s -> s.health == ServerHealth.UP);
    }

    /** Free slots on usable servers now: how much work it is worth claiming. */
    public int freeSlots() {
        int free = 0;
        for (LlmServer s : servers) {
            if (s.usable()) {
                free += s.slots.availablePermits();
            }
        }
        return free;
    }

    /** Stops the pool's own probe threads, if it made them. The transport is the caller's to close. */
    @Override
    public void close() {
        if (ownsExecutor) {
            probeExecutor.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "chorus-llm-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
