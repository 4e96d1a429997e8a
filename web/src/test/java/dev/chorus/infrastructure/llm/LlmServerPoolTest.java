package dev.chorus.infrastructure.llm;

import dev.chorus.application.config.TestSettings;
import dev.chorus.infrastructure.llm.LlmFailure.Kind;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmServerPoolTest {
    private static final URI A = URI.create("http://a.test:1234/v1");
    private static final URI B = URI.create("http://b.test:1234/v1");
    private static final URI C = URI.create("http://c.test:1234/v1");
    private static final Duration PROBE = Duration.ofMillis(1000);

    private final FakeTransport transport = new FakeTransport();
    private final List<LlmServerPool> pools = new ArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        pools.forEach(LlmServerPool::close);
        callers.shutdownNow();
    }

    private LlmSettings settings(int slots, URI... servers) {
        return settings(2, 10, slots, servers);
    }

    private LlmSettings settings(int breakerFailures, int breakerOpenSeconds, int slots, URI... servers) {
        return LlmSettings.from(TestSettings.with(Map.of(
                LlmSettings.SLOTS_PER_SERVER, String.valueOf(slots),
                LlmSettings.READ_TIMEOUT_SECONDS, "5",
                LlmSettings.CONNECT_TIMEOUT_SECONDS, "1",
                LlmSettings.PROBE_TIMEOUT_MILLIS, String.valueOf(PROBE.toMillis()),
                LlmSettings.BREAKER_FAILURES, String.valueOf(breakerFailures),
                LlmSettings.BREAKER_OPEN_SECONDS, String.valueOf(breakerOpenSeconds)))).withServers(List.of(servers));
    }

    private LlmServerPool pool(LlmSettings settings) {
        LlmServerPool p = new LlmServerPool(settings, transport);
        pools.add(p);
        return p;
    }

    private LlmServerPool pool(LlmSettings settings, AtomicLong nanos, LlmPoolListener listener) {
        LlmServerPool p = new LlmServerPool(settings, transport, null, listener, Clock.systemUTC(), nanos::get);
        pools.add(p);
        return p;
    }

    private static ChatCompletionRequest request(String model) {
        return new ChatCompletionRequest(model, List.of(new ChatCompletionRequest.Message("user", "hi")),
                null, null, null, null, null, null, false);
    }

    private static LlmServerStatus status(LlmServerPool pool, URI server) {
        return pool.status().stream().filter(s -> s.baseUrl().equals(server)).findFirst().orElseThrow();
    }

    private void loaded(URI server, String model) {
        transport.lmStudio.put(server, s -> FakeTransport.lmModels(model));
    }

    // ---------------------------------------------------------------- probes

    @Test
    void deadServersAreProbedInParallel() {
        for (URI s : List.of(A, B, C)) {
            transport.lmStudio.put(s, srv -> {
                Thread.sleep(PROBE.toMillis());
                throw LlmFailure.of(Kind.TIMEOUT, srv, "Read timed out");
            });
        }
        LlmServerPool pool = pool(settings(1, A, B, C));
        long t0 = System.nanoTime();
        List<LlmServerStatus> status = pool.probeAll();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue(elapsedMs < PROBE.toMillis() * 3 / 2, "3 dead servers took " + elapsedMs + " ms");
        assertEquals(3, status.size());
        for (LlmServerStatus s : status) {
            assertEquals(ServerHealth.DOWN, s.health());
            assertTrue(s.lastError().startsWith("timed out"), s.lastError());
            assertNotNull(s.lastProbeAt());
        }
        assertFalse(pool.anyServerUp());
        assertEquals(3, transport.probeCalls.get(), "a timeout is not followed by a second call");
    }

    @Test
    void aHangingProbeIsCutAtTheDeadlineAndItsLateResultStillApplies() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        transport.lmStudio.put(A, s -> {
            release.await();
            return FakeTransport.lmModels("m");
        });
        loaded(B, "m");
        LlmServerPool pool = pool(settings(1, A, B));

        long t0 = System.nanoTime();
        pool.probeAll();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(elapsedMs < PROBE.toMillis() * 2, "took " + elapsedMs + " ms: the probe was not cut at its deadline");
        assertEquals(ServerHealth.DOWN, status(pool, A).health());
        assertTrue(status(pool, A).lastError().contains("did not answer within 1000 ms"), status(pool, A).lastError());
        assertEquals(ServerHealth.UP, status(pool, B).health());

        int callsBefore = transport.probeCalls.get();
        pool.probeAll();
        assertEquals(callsBefore + 1, transport.probeCalls.get(), "no second probe of a server still being probed");

        release.countDown();
        Awaitility.await("A up once its probe answers").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(() -> status(pool, A).health() == ServerHealth.UP);
        assertNull(status(pool, A).lastError());
    }

    @Test
    void lmStudioModelsThenOpenAiFallbackThenUnknown() {
        transport.lmStudio.put(A, s -> FakeTransport.lmModels("qwen", "llama"));
        transport.models.put(B, s -> new ModelList(List.of(new ModelList.Model("gemma", null))));
        LlmServerPool pool = pool(settings(1, A, B, C));
        pool.probeAll();

        LlmServerStatus a = status(pool, A);
        assertEquals(ServerHealth.UP, a.health());
        assertTrue(a.lmStudio());
        assertEquals(Set.of("qwen"), a.loadedModels());
        assertEquals(Set.of("qwen", "llama"), a.availableModels());

        LlmServerStatus b = status(pool, B);
        assertEquals(ServerHealth.UP, b.health());
        assertFalse(b.lmStudio());
        assertEquals(Set.of("gemma"), b.loadedModels());

        LlmServerStatus c = status(pool, C);
        assertEquals(ServerHealth.UP, c.health(), "answers 404 to both: alive, models unknown");
        assertEquals(Set.of(), c.loadedModels());
        assertTrue(pool.anyServerUp());
    }

    @Test
    void refusedAndServerErrorsMarkDown() {
        transport.lmStudio.put(A, s -> {
            throw LlmFailure.of(Kind.CONNECTION_REFUSED, s, "Connection refused");
        });
        transport.lmStudio.put(B, s -> {
            throw LlmFailure.http(Kind.HTTP_ERROR, 502, s, "bad gateway");
        });
        LlmServerPool pool = pool(settings(1, A, B));
        pool.probeAll();
        assertEquals(ServerHealth.DOWN, status(pool, A).health());
        assertTrue(status(pool, A).lastError().startsWith("connection refused"));
        assertEquals(ServerHealth.DOWN, status(pool, B).health());
    }

    // ---------------------------------------------------------------- selection

    @Test
    void serverWithTheModelLoadedIsChosen() throws Exception {
        loaded(A, "alpha");
        transport.lmStudio.put(B, s -> FakeTransport.lmModels("beta@q4_k_m", "alpha"));
        loaded(C, "gamma");
        LlmServerPool pool = pool(settings(1, A, B, C));
        pool.probeAll();
        for (int i = 0; i < 5; i++) {
            try (LlmServerLease lease = pool.acquire("beta", Duration.ZERO)) {
                assertEquals(B, lease.server(), "a quantization of the model is loaded on B");
            }
            try (LlmServerLease lease = pool.acquire("GAMMA", Duration.ZERO)) {
                assertEquals(C, lease.server());
            }
        }
        // alpha is loaded on A; while A is busy it spills to B, where alpha is at least available.
        try (LlmServerLease onA = pool.acquire("alpha", Duration.ZERO)) {
            assertEquals(A, onA.server());
            try (LlmServerLease next = pool.acquire("alpha", Duration.ZERO)) {
                assertEquals(B, next.server());
            }
        }
    }

    @Test
    void leastBusyServerWhenNoneHasTheModel() throws Exception {
        LlmServerPool pool = pool(settings(2, A, B, C));
        try (LlmServerLease a1 = pool.acquire("m", Duration.ZERO);
             LlmServerLease a2 = pool.acquire("m", Duration.ZERO);
             LlmServerLease a3 = pool.acquire("m", Duration.ZERO)) {
            assertEquals(Set.of(A, B, C), Set.of(a1.server(), a2.server(), a3.server()), "spread over idle servers");
            try (LlmServerLease a4 = pool.acquire("m", Duration.ZERO)) {
                URI twice = a4.server();
                try (LlmServerLease a5 = pool.acquire("m", Duration.ZERO)) {
                    assertFalse(a5.server().equals(twice), "the least busy, not the one already doubled up");
                }
            }
        }
    }

    @Test
    void unprobedServersAreUsable() throws Exception {
        LlmServerPool pool = pool(settings(1, A));
        assertEquals(ServerHealth.UNKNOWN, status(pool, A).health());
        LlmCompletion c = pool.complete(request("m"), Duration.ZERO);
        assertEquals("hello from 1234", c.text());
        assertEquals(A, c.server());
        assertEquals("m", c.model());
        assertEquals(Set.of("m"), status(pool, A).loadedModels(), "a model that answered is loaded there");
    }

    // ---------------------------------------------------------------- slots

    @Test
    void slotsBoundConcurrencyPerServer() throws Exception {
        for (URI s : List.of(A, B, C)) {
            transport.chat.put(s, srv -> {
                Thread.sleep(100);
                return FakeTransport.reply("ok");
            });
        }
        LlmServerPool pool = pool(settings(2, A, B, C));
        List<Future<LlmCompletion>> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 24; i++) {
            results.add(callers.submit(() -> pool.complete(request("m"), Duration.ofSeconds(10))));
        }
        Map<URI, Integer> perServer = new ConcurrentHashMap<>();
        for (Future<LlmCompletion> f : results) {
            perServer.merge(f.get(10, TimeUnit.SECONDS).server(), 1, Integer::sum);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        for (URI s : List.of(A, B, C)) {
            assertTrue(transport.maxInFlight(s) <= 2, s + " had " + transport.maxInFlight(s) + " at once");
            assertEquals(0, status(pool, s).inFlight());
        }
        assertEquals(24, perServer.values().stream().mapToInt(Integer::intValue).sum());
        // 24 calls of 100 ms on 6 slots: 400 ms ideal.
        assertTrue(elapsedMs >= 380 && elapsedMs < 1500, "took " + elapsedMs + " ms");
        assertEquals(6, pool.freeSlots());
    }

    @Test
    void waitsForAFreeSlotThenReportsBusy() throws Exception {
        LlmServerPool pool = pool(settings(1, A));
        LlmServerLease held = pool.acquire("m", Duration.ZERO);
        assertEquals(0, pool.freeSlots());

        long t0 = System.nanoTime();
        LlmFailure busy = assertThrows(LlmFailure.class, () -> pool.acquire("m", Duration.ofMillis(200)));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Kind.BUSY, busy.kind());
        assertFalse(PooledLanguageModel.error(busy).countsAsAttempt());
        assertTrue(waited >= 190 && waited < 1000, "waited " + waited + " ms");

        Future<URI> waiter = callers.submit(() -> {
            try (LlmServerLease l = pool.acquire("m", Duration.ofSeconds(5))) {
                return l.server();
            }
        });
        Thread.sleep(100);
        assertFalse(waiter.isDone());
        long released = System.nanoTime();
        held.close();
        held.close(); // idempotent
        assertEquals(A, waiter.get(2, TimeUnit.SECONDS));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released) < 500, "woken by the release");
        assertEquals(1, pool.freeSlots());
    }

    @Test
    void aLeaseIsGoodForOneCall() throws Exception {
        LlmServerPool pool = pool(settings(1, A));
        try (LlmServerLease lease = pool.acquire("m", Duration.ZERO)) {
            lease.complete(request("m"));
            assertThrows(IllegalStateException.class, () -> lease.complete(request("m")));
        }
    }

    // ---------------------------------------------------------------- breaker and failures

    @Test
    void breakerOpensAfterFailuresAndRecoversAfterCoolDown() throws Exception {
        AtomicLong nanos = new AtomicLong();
        loaded(A, "m");
        transport.lmStudio.put(B, s -> FakeTransport.lmModels(null, "m"));
        AtomicBoolean aBroken = new AtomicBoolean(true);
        transport.chat.put(A, s -> {
            if (aBroken.get()) {
                throw LlmFailure.http(Kind.HTTP_ERROR, 500, s, "boom");
            }
            return FakeTransport.reply("A is back");
        });
        LlmServerPool pool = pool(settings(1, A, B), nanos, null);
        pool.probeAll();

        for (int i = 0; i < 2; i++) {
            LlmFailure f = assertThrows(LlmFailure.class, () -> pool.complete(request("m"), Duration.ZERO));
            assertEquals(Kind.HTTP_ERROR, f.kind());
            assertEquals(A, f.server());
            assertTrue(f.getMessage().contains("boom"));
        }
        assertEquals(CircuitBreaker.State.OPEN, status(pool, A).breakerState());
        assertEquals(ServerHealth.UP, status(pool, A).health(), "the breaker, not health, keeps A out");
        try (LlmServerLease lease = pool.acquire("m", Duration.ZERO)) {
            assertEquals(B, lease.server(), "A is skipped while its breaker is open");
        }
        assertEquals(1, pool.freeSlots(), "A's slot does not count while its breaker is open");

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(CircuitBreaker.State.HALF_OPEN, status(pool, A).breakerState());
        assertThrows(LlmFailure.class, () -> pool.complete(request("m"), Duration.ZERO), "failed trial");
        assertEquals(CircuitBreaker.State.OPEN, status(pool, A).breakerState());

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        aBroken.set(false);
        assertEquals("A is back", pool.complete(request("m"), Duration.ZERO).text());
        assertEquals(CircuitBreaker.State.CLOSED, status(pool, A).breakerState());
        assertEquals(3, status(pool, A).failures());
        assertEquals(1, status(pool, A).successes());
    }

    @Test
    void coherentAnswersDoNotOpenTheBreaker() throws Exception {
        transport.lmStudio.put(A, s -> FakeTransport.lmModels("m"));
        transport.chat.put(A, s -> {
            throw LlmFailure.http(Kind.MODEL_NOT_FOUND, 404, s, "model 'm' not found");
        });
        LlmServerPool pool = pool(settings(1, 30, 1, A));
        pool.probeAll();
        for (int i = 0; i < 3; i++) {
            LlmFailure f = assertThrows(LlmFailure.class, () -> pool.complete(request("m"), Duration.ZERO));
            assertEquals(Kind.MODEL_NOT_FOUND, f.kind());
        }
        assertEquals(CircuitBreaker.State.CLOSED, status(pool, A).breakerState());
        assertEquals(Set.of(), status(pool, A).loadedModels(), "forgets the model it does not have");
        transport.chat.put(A, s -> {
            throw LlmFailure.of(Kind.EMPTY, s, "no text");
        });
        assertThrows(LlmFailure.class, () -> pool.complete(request("m"), Duration.ZERO));
        assertEquals(CircuitBreaker.State.CLOSED, status(pool, A).breakerState());
    }

    @Test
    void refusedDuringACallMarksTheServerDown() throws Exception {
        transport.chat.put(A, s -> {
            throw LlmFailure.of(Kind.CONNECTION_REFUSED, s, "Connection refused");
        });
        LlmServerPool pool = pool(settings(1, A, B));
        List<URI> used = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            try {
                used.add(pool.complete(request("m"), Duration.ZERO).server());
            } catch (LlmFailure f) {
                assertEquals(Kind.CONNECTION_REFUSED, f.kind());
                assertEquals(A, f.server());
            }
        }
        assertEquals(ServerHealth.DOWN, status(pool, A).health());
        assertTrue(used.size() >= 3 && used.stream().allMatch(B::equals), used.toString());
    }

    @Test
    void noServerAtOnceWhenAllAreDownThenReprobe() throws Exception {
        AtomicLong nanos = new AtomicLong();
        AtomicBoolean up = new AtomicBoolean(false);
        for (URI s : List.of(A, B)) {
            transport.lmStudio.put(s, srv -> {
                if (!up.get()) {
                    throw LlmFailure.of(Kind.CONNECTION_REFUSED, srv, "Connection refused");
                }
                return FakeTransport.lmModels("m");
            });
        }
        LlmServerPool pool = pool(settings(1, A, B), nanos, null);
        pool.probeAll();
        int probes = transport.probeCalls.get();

        LlmFailure f = assertThrows(LlmFailure.class, () -> pool.acquire("m", Duration.ofSeconds(5)));
        assertEquals(Kind.NO_SERVER, f.kind());
        assertFalse(PooledLanguageModel.error(f).countsAsAttempt());
        assertTrue(f.getMessage().contains(A + " down (connection refused"), f.getMessage());
        assertTrue(f.getMessage().contains(B.toString()), f.getMessage());
        assertEquals(probes, transport.probeCalls.get(), "no re-probe within the re-probe interval");

        up.set(true);
        nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        try (LlmServerLease lease = pool.acquire("m", Duration.ZERO)) {
            assertNotNull(lease.server());
        }
        assertEquals(probes + 2, transport.probeCalls.get(), "one re-probe of both servers");
    }

    @Test
    void noServerConfigured() {
        LlmServerPool pool = pool(settings(1));
        LlmFailure f = assertThrows(LlmFailure.class, () -> pool.acquire("m", Duration.ZERO));
        assertEquals(Kind.NO_SERVER, f.kind());
    }

    // ---------------------------------------------------------------- housekeeping

    @Test
    void updatingServersKeepsTheStateOfThoseThatStay() {
        loaded(A, "m");
        LlmServerPool pool = pool(settings(1, A, B));
        pool.probeAll();
        assertEquals(ServerHealth.UP, status(pool, A).health());
        pool.updateServers(List.of(C, A));
        assertEquals(List.of(C, A), pool.servers());
        assertEquals(ServerHealth.UP, status(pool, A).health());
        assertEquals(Set.of("m"), status(pool, A).loadedModels());
        assertEquals(ServerHealth.UNKNOWN, status(pool, C).health());
    }

    @Test
    void probeIfStale() {
        AtomicLong nanos = new AtomicLong();
        loaded(A, "m");
        LlmServerPool pool = pool(settings(1, A), nanos, null);
        assertTrue(pool.probeIfStale(Duration.ofSeconds(10)), "never probed");
        assertFalse(pool.probeIfStale(Duration.ofSeconds(10)));
        nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        assertTrue(pool.probeIfStale(Duration.ofSeconds(10)));
    }

    @Test
    void listenerSeesCallsAndProbes() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        LlmPoolListener listener = new LlmPoolListener() {
            @Override
            public void onCompletion(URI server, String model, Duration latency, LlmFailure failure) {
                events.add("call " + server.getHost() + " " + model + " " + (failure == null ? "ok" : failure.kind()));
            }

            @Override
            public void onProbe(URI server, ServerHealth health, Duration latency) {
                events.add("probe " + server.getHost() + " " + health);
            }
        };
        loaded(A, "m");
        transport.chat.put(A, s -> {
            throw LlmFailure.http(Kind.LOADING, 503, s, "Loading model");
        });
        LlmServerPool pool = new LlmServerPool(settings(1, A), transport, null, listener);
        pools.add(pool);
        pool.probeAll();
        assertThrows(LlmFailure.class, () -> pool.complete(request("m"), Duration.ZERO));
        assertEquals(List.of("probe a.test UP", "call a.test m LOADING"), events);
    }
}
