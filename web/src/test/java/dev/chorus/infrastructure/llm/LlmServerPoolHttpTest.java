package dev.chorus.infrastructure.llm;

import dev.chorus.application.config.TestSettings;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool over real HTTP: OpenAI-compatible stub servers (WireMock on 127.0.0.1) with latency and faults. */
class LlmServerPoolHttpTest {
    private final List<WireMockServer> stubs = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        stubs.forEach(WireMockServer::stop);
    }

    private URI stub(String loadedModel, String notLoadedModel, int latencyMillis, int probeDelayMillis,
                     Extension... extensions) {
        WireMockServer s = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20)
                .extensions(extensions));
        s.start();
        stubs.add(s);
        String models = "{\"object\":\"list\",\"data\":["
                + (loadedModel == null ? "" : "{\"id\":\"" + loadedModel + "\",\"type\":\"llm\",\"state\":\"loaded\"}")
                + (loadedModel != null && notLoadedModel != null ? "," : "")
                + (notLoadedModel == null ? "" : "{\"id\":\"" + notLoadedModel + "\",\"type\":\"llm\",\"state\":\"not-loaded\"}")
                + "]}";
        s.stubFor(get(urlEqualTo("/api/v0/models")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(models).withFixedDelay(probeDelayMillis)));
        s.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"from "
                        + s.port() + "\"},\"finish_reason\":\"stop\"}]}")
                .withFixedDelay(latencyMillis)));
        return URI.create("http://127.0.0.1:" + s.port() + "/v1");
    }

    private LlmServerPool pool(LlmSettings settings) {
        JdkHttpLlmTransport transport = new JdkHttpLlmTransport(settings);
        LlmServerPool pool = new LlmServerPool(settings, transport);
        closeables.add(pool);
        return pool;
    }

    private static LlmSettings settings(Map<String, String> overrides) {
        return LlmSettings.from(TestSettings.with(overrides));
    }

    private static ChatCompletionRequest request(String model) {
        return new ChatCompletionRequest(model, List.of(new ChatCompletionRequest.Message("user", "hi")),
                null, 50, null, null, null, null, false);
    }

    /**
     * Probes of servers that do not answer run in parallel: each stub holds its probe until all three are held at
     * once (a prober that waited for one before the next would never get there), then goes on not answering
     * until the probe times out. A proof by concurrency, not by the time probeAll took.
     */
    @Test
    void unresponsiveServersAreProbedInParallel() {
        Duration probe = Duration.ofSeconds(2);
        InFlightGate gate = new InFlightGate("/models", 3, probe.dividedBy(2));
        List<URI> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // answers only after the probe gave up (the delay starts once the gate let the probe through)
            servers.add(stub("m", null, 0, (int) probe.toMillis() + 1000, gate.at(i)));
        }
        LlmServerPool pool = pool(settings(Map.of(LlmSettings.READ_TIMEOUT_SECONDS, "5",
                LlmSettings.CONNECT_TIMEOUT_SECONDS, "1",
                LlmSettings.PROBE_TIMEOUT_MILLIS, String.valueOf(probe.toMillis()))).withServers(servers));
        List<LlmServerStatus> status = pool.probeAll();
        assertEquals(Map.of(0, 1, 1, 1, 2, 1), gate.heldWhenOpened(), "probes held at each server at once");
        assertTrue(status.stream().allMatch(s -> s.health() == ServerHealth.DOWN), status::toString);
        assertTrue(status.stream().allMatch(s -> s.lastError().startsWith("timed out")), status::toString);
    }

    @Test
    void modelAffinityOverHttp() throws LlmFailure {
        URI cold = stub(null, "qwen", 0, 0);
        URI warm = stub("qwen", null, 0, 0);
        LlmServerPool pool = pool(settings(Map.of()).withServers(List.of(cold, warm)));
        pool.probeAll();
        for (int i = 0; i < 4; i++) {
            assertEquals(warm, pool.complete(request("qwen"), Duration.ofSeconds(1)).server());
        }
        stubs.get(0).verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    /**
     * Six slots over three servers serve six calls at once. Proved by concurrency, not by wall-clock time (which a
     * loaded machine stretches): each stub holds every call it receives until six calls are held across the three
     * servers. A pool that used fewer slots would never get there (the test fails once the calls' hold runs out);
     * one that ignored the per-server limit would have put a third call on some server first.
     */
    @Test
    void sixSlotsOverThreeServersServeSixCallsAtOnce() throws Exception {
        InFlightGate gate = new InFlightGate("/chat/completions", 6, Duration.ofSeconds(20));
        List<URI> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(stub("m", null, 0, 0, gate.at(i)));
        }
        LlmServerPool pool = pool(settings(Map.of(LlmSettings.SLOTS_PER_SERVER, "2")).withServers(servers));
        pool.probeAll();
        ExecutorService callers = Executors.newFixedThreadPool(12);
        closeables.add(callers::shutdownNow);
        int calls = 18;
        List<Future<LlmCompletion>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(callers.submit(() -> pool.complete(request("m"), Duration.ofSeconds(30))));
        }
        Map<URI, Integer> perServer = new HashMap<>();
        for (Future<LlmCompletion> f : futures) {
            perServer.merge(f.get(60, TimeUnit.SECONDS).server(), 1, Integer::sum);
        }
        assertEquals(Map.of(0, 2, 1, 2, 2, 2), gate.heldWhenOpened(), "calls held at each server when six were in flight");
        assertEquals(3, perServer.size(), perServer::toString);
        assertEquals(calls, perServer.values().stream().mapToInt(Integer::intValue).sum());
    }
}
