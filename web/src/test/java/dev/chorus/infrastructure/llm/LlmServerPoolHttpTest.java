package dev.chorus.infrastructure.llm;

import dev.chorus.application.config.TestSettings;
import com.github.tomakehurst.wiremock.WireMockServer;
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

    private URI stub(String loadedModel, String notLoadedModel, int latencyMillis, int probeDelayMillis) {
        WireMockServer s = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
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

    @Test
    void unresponsiveServersAreProbedInParallel() {
        Duration probe = Duration.ofMillis(1000);
        List<URI> servers = List.of(stub("m", null, 0, 5000), stub("m", null, 0, 5000), stub("m", null, 0, 5000));
        LlmServerPool pool = pool(settings(Map.of(LlmSettings.READ_TIMEOUT_SECONDS, "5",
                LlmSettings.CONNECT_TIMEOUT_SECONDS, "1",
                LlmSettings.PROBE_TIMEOUT_MILLIS, String.valueOf(probe.toMillis()))).withServers(servers));
        long t0 = System.nanoTime();
        List<LlmServerStatus> status = pool.probeAll();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < probe.toMillis() * 3 / 2, "3 hanging servers probed in " + ms + " ms");
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

    @Test
    void sixSlotsOverThreeServersGiveSixfoldThroughput() throws Exception {
        int latency = 300;
        List<URI> servers = List.of(stub("m", null, latency, 0), stub("m", null, latency, 0), stub("m", null, latency, 0));
        LlmServerPool pool = pool(settings(Map.of(LlmSettings.SLOTS_PER_SERVER, "2")).withServers(servers));
        pool.probeAll();
        ExecutorService callers = Executors.newFixedThreadPool(12);
        closeables.add(callers::shutdownNow);
        int calls = 18;
        long t0 = System.nanoTime();
        List<Future<LlmCompletion>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(callers.submit(() -> pool.complete(request("m"), Duration.ofSeconds(30))));
        }
        Map<URI, Integer> perServer = new HashMap<>();
        for (Future<LlmCompletion> f : futures) {
            perServer.merge(f.get(30, TimeUnit.SECONDS).server(), 1, Integer::sum);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long ideal = (long) calls * latency / 6;
        assertEquals(3, perServer.size(), perServer::toString);
        assertTrue(ms >= ideal - 50 && ms < ideal * 2, "18 calls of " + latency + " ms on 6 slots took " + ms
                + " ms (ideal " + ideal + ")");
    }
}
