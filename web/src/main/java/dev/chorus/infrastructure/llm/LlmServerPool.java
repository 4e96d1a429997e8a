package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
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
    private final boolean ownsExecutor;
    private final LlmPoolListener listener;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final AtomicInteger turn = new AtomicInteger();
    private final Object slotMonitor = new Object();
    private long releases; // guarded by slotMonitor
    private volatile List<Server> servers;

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
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.servers = List.of();
        updateServers(settings.servers());
    }

    public LlmSettings settings() {
        return settings;
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
        Map<URI, Server> current = new LinkedHashMap<>();
        for (Server s : servers) {
            current.put(s.baseUrl, s);
        }
        List<Server> next = new ArrayList<>();
        for (URI uri : new LinkedHashSet<>(baseUrls)) {
            Server s = current.get(uri);
            next.add(s != null ? s : new Server(uri, settings.slotsPerServer(),
                    new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration(), nanoTime)));
        }
        servers = List.copyOf(next);
        signalRelease();
    }

    // ---------------------------------------------------------------- probes

    /** Probes every server in parallel (see the class comment) and returns the new status. */
    public List<LlmServerStatus> probeAll() {
        List<Server> all = servers;
        long start = nanoTime.getAsLong();
        Map<Server, Future<?>> running = new LinkedHashMap<>();
        for (Server s : all) {
            if (s.probing.compareAndSet(false, true)) {
                try {
                    running.put(s, probeExecutor.submit(() -> probe(s)));
                } catch (RejectedExecutionException e) {
                    s.probing.set(false);
                }
            }
        }
        long deadline = start + settings.probeTimeout().toNanos() * PROBE_WAIT_PERCENT / 100;
        for (Map.Entry<Server, Future<?>> e : running.entrySet()) {
            long remaining = deadline - nanoTime.getAsLong();
            try {
                e.getValue().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            } catch (TimeoutException te) {
                probeTimedOut(e.getKey());
            } catch (ExecutionException ee) {
                LOG.log(Level.WARNING, "LLM probe task failed", ee.getCause());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return status();
    }

    /** Probes all servers if any was never probed or not within {@code maxAge}; true if it probed. */
    public boolean probeIfStale(Duration maxAge) {
        if (servers.stream().anyMatch(s -> isStale(s, maxAge))) {
            probeAll();
            return true;
        }
        return false;
    }

    private boolean isStale(Server s, Duration maxAge) {
        return !s.probed || nanoTime.getAsLong() - s.lastProbeNanos > maxAge.toNanos();
    }

    private void probe(Server s) {
        long t0 = nanoTime.getAsLong();
        ServerHealth health;
        try {
            health = probeCalls(s);
        } catch (RuntimeException e) {
            LlmFailure f = LlmErrorClassifier.fromException(e, s.baseUrl);
            synchronized (s) {
                markDown(s, f.getMessage());
                finishProbe(s);
            }
            health = ServerHealth.DOWN;
        }
        listener.onProbe(s.baseUrl, health, Duration.ofNanos(nanoTime.getAsLong() - t0));
    }

    private ServerHealth probeCalls(Server s) {
        try {
            LmStudioModelList models = transport.loadedModels(s.baseUrl);
            synchronized (s) {
                markUp(s, true, models.loadedIds(), models.allIds());
                finishProbe(s);
            }
            return ServerHealth.UP;
        } catch (LlmFailure f) {
            if (!answeredButNotLmStudio(f)) {
                synchronized (s) {
                    markDown(s, f.getMessage());
                    finishProbe(s);
                }
                return ServerHealth.DOWN;
            }
        }
        try {
            List<String> ids = transport.listModels(s.baseUrl).ids();
            synchronized (s) {
                markUp(s, false, ids, ids);
                finishProbe(s);
            }
            return ServerHealth.UP;
        } catch (LlmFailure f) {
            synchronized (s) {
                if (answeredButNotLmStudio(f)) {
                    markUp(s, false, List.of(), List.of());
                } else {
                    markDown(s, f.getMessage());
                }
                finishProbe(s);
            }
            return s.health;
        }
    }

    /** The server answered, just not with what this call expects: it is alive. */
    private static boolean answeredButNotLmStudio(LlmFailure f) {
        return f.kind() == Kind.MALFORMED || f.kind() == Kind.MODEL_NOT_FOUND
                || (f.kind() == Kind.HTTP_ERROR && f.httpStatus() >= 400 && f.httpStatus() < 500);
    }

    private void probeTimedOut(Server s) {
        synchronized (s) {
            if (s.probing.get()) {
                markDown(s, LlmFailure.of(Kind.TIMEOUT, s.baseUrl,
                        "health probe did not answer within " + settings.probeTimeout().toMillis() + " ms").getMessage());
                s.probed = true;
                s.lastProbeNanos = nanoTime.getAsLong();
                s.lastProbeAt = clock.instant();
            }
        }
    }

    private void finishProbe(Server s) {
        s.probed = true;
        s.lastProbeNanos = nanoTime.getAsLong();
        s.lastProbeAt = clock.instant();
        s.probing.set(false);
    }

    private void markUp(Server s, boolean lmStudio, List<String> loaded, List<String> available) {
        if (s.health != ServerHealth.UP) {
            LOG.log(Level.INFO, "LLM server {0} is up ({1} models loaded)", new Object[]{s.baseUrl, loaded.size()});
        }
        s.health = ServerHealth.UP;
        s.lmStudio = lmStudio;
        s.loaded = Set.copyOf(new HashSet<>(loaded));
        s.available = Set.copyOf(new HashSet<>(available));
        s.lastError = null;
        signalRelease();
    }

    private void markDown(Server s, String error) {
        if (s.health != ServerHealth.DOWN) {
            LOG.log(Level.WARNING, "LLM server {0} is down: {1}", new Object[]{s.baseUrl, error});
        }
        s.health = ServerHealth.DOWN;
        s.lastError = error;
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
            List<Server> all = servers;
            if (all.isEmpty()) {
                throw LlmFailure.of(Kind.NO_SERVER, null, "no LLM server configured");
            }
            List<Server> usable = new ArrayList<>(all.size());
            for (Server s : all) {
                if (s.health != ServerHealth.DOWN && s.breaker.isCallPermitted()) {
                    usable.add(s);
                }
            }
            if (usable.isEmpty()) {
                if (!reprobed && all.stream().anyMatch(s -> s.health == ServerHealth.DOWN
                        && isStale(s, REPROBE_INTERVAL))) {
                    reprobed = true;
                    probeAll();
                    continue;
                }
                throw LlmFailure.of(Kind.NO_SERVER, null, unavailableSummary(all));
            }
            for (Server s : rank(usable, model)) {
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

    private List<Server> rank(List<Server> usable, String model) {
        int n = usable.size();
        int offset = Math.floorMod(turn.getAndIncrement(), n);
        List<Server> ranked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ranked.add(usable.get((i + offset) % n));
        }
        ranked.sort(Comparator.<Server>comparingInt(s -> affinity(s, model))
                .thenComparingInt(s -> s.health == ServerHealth.UP ? 0 : 1)
                .thenComparingDouble(s -> (double) s.inFlight.get() / s.slotCount));
        return ranked;
    }

    private static int affinity(Server s, String model) {
        if (model == null) {
            return 2;
        }
        if (containsModel(s.loaded, model)) {
            return 0;
        }
        return containsModel(s.available, model) ? 1 : 2;
    }

    /** Whether {@code ids} holds {@code model}: same name ignoring case, or any quantization of it. */
    static boolean containsModel(Collection<String> ids, String model) {
        for (String id : ids) {
            if (modelMatches(model, id)) {
                return true;
            }
        }
        return false;
    }

    static boolean modelMatches(String requested, String id) {
        if (requested == null || id == null) {
            return false;
        }
        String want = requested.trim().toLowerCase(Locale.ROOT);
        String have = id.trim().toLowerCase(Locale.ROOT);
        if (want.equals(have)) {
            return true;
        }
        int at = have.indexOf('@');
        String haveBase = at < 0 ? have : have.substring(0, at);
        return !want.contains("@") && (want.equals(haveBase) || haveBase.endsWith("/" + want));
    }

    private String unavailableSummary(List<Server> all) {
        StringBuilder sb = new StringBuilder();
        for (Server s : all) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(s.baseUrl).append(' ');
            if (s.health == ServerHealth.DOWN) {
                sb.append("down").append(s.lastError == null ? "" : " (" + s.lastError + ")");
            } else {
                sb.append("circuit ").append(s.breaker.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- lease callbacks

    ChatCompletionResponse call(Server s, ChatCompletionRequest request) throws LlmFailure {
        return transport.chatCompletion(s.baseUrl, request);
    }

    long now() {
        return nanoTime.getAsLong();
    }

    void recordSuccess(Server s, String model, long nanos) {
        s.breaker.onSuccess();
        s.successes.incrementAndGet();
        s.lastLatencyMillis = TimeUnit.NANOSECONDS.toMillis(nanos);
        s.lastError = null;
        if (model != null && !containsModel(s.loaded, model)) {
            Set<String> loaded = new HashSet<>(s.loaded);
            loaded.add(model);
            s.loaded = Set.copyOf(loaded);
        }
        listener.onCompletion(s.baseUrl, model, Duration.ofNanos(nanos), null);
    }

    void recordFailure(Server s, String model, long nanos, LlmFailure f) {
        if (f.isServerFault()) {
            s.breaker.onFailure();
        } else {
            s.breaker.onSuccess();
        }
        s.failures.incrementAndGet();
        s.lastLatencyMillis = TimeUnit.NANOSECONDS.toMillis(nanos);
        s.lastError = f.getMessage();
        if (f.kind() == Kind.CONNECTION_REFUSED || f.kind() == Kind.UNREACHABLE) {
            synchronized (s) {
                markDown(s, f.getMessage());
            }
        } else if (f.kind() == Kind.MODEL_NOT_FOUND && model != null) {
            s.loaded = without(s.loaded, model);
            s.available = without(s.available, model);
        }
        listener.onCompletion(s.baseUrl, model, Duration.ofNanos(nanos), f);
    }

    private static Set<String> without(Set<String> ids, String model) {
        Set<String> kept = new HashSet<>();
        for (String id : ids) {
            if (!modelMatches(model, id)) {
                kept.add(id);
            }
        }
        return Set.copyOf(kept);
    }

    void release(Server s, boolean verdictGiven) {
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
        List<LlmServerStatus> out = new ArrayList<>();
        for (Server s : servers) {
            out.add(new LlmServerStatus(s.baseUrl, s.health, s.lmStudio, s.loaded, s.available, s.inFlight.get(),
                    s.slotCount, s.breaker.state(), s.breaker.consecutiveFailures(), s.successes.get(),
                    s.failures.get(), s.lastLatencyMillis, s.lastError, s.lastProbeAt));
        }
        return out;
    }

    /** Whether some server answered its last probe: what readiness reports as "LLM up". */
    public boolean anyServerUp() {
        return servers.stream().anyMatch(s -> s.health == ServerHealth.UP);
    }

    /** Free slots on usable servers now: how much work it is worth claiming. */
    public int freeSlots() {
        int free = 0;
        for (Server s : servers) {
            if (s.health != ServerHealth.DOWN && s.breaker.isCallPermitted()) {
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

    /** One server's mutable state. Health fields are written under the server's monitor, read without. */
    static final class Server {
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

        Server(URI baseUrl, int slotCount, CircuitBreaker breaker) {
            this.baseUrl = baseUrl;
            this.slotCount = slotCount;
            this.slots = new Semaphore(slotCount);
            this.breaker = breaker;
        }
    }
}
