package dev.chorus.infrastructure.llm;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.chorus.infrastructure.llm.LlmFailure.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure classification over real HTTP against a WireMock stub (bound to 127.0.0.1, dynamic port), through the
 * production encoding and classification of {@link AbstractHttpLlmTransport}.
 */
class LlmHttpClassificationTest {
    private static final String CHAT = "/v1/chat/completions";
    private static WireMockServer stub;
    private static URI base;
    private static JdkHttpLlmTransport transport;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        stub.start();
        base = URI.create("http://127.0.0.1:" + stub.port() + "/v1");
        transport = new JdkHttpLlmTransport(new LlmSettings(List.of(base), true, 1, Duration.ofMillis(700),
                Duration.ofSeconds(1), Duration.ofMillis(500), 3, Duration.ofSeconds(30))); // sub-second: not configurable
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    private static ChatCompletionRequest request() {
        return new ChatCompletionRequest("qwen2.5-7b-instruct",
                List.of(new ChatCompletionRequest.Message("system", "You are terse."),
                        new ChatCompletionRequest.Message("user", "Context:\nbob: hi\nSage: ")),
                0.7, 100, 0.8, 40, 1.15, 0.05, false);
    }

    private static void chatAnswers(ResponseDefinitionBuilder response) {
        stub.stubFor(post(urlEqualTo(CHAT)).willReturn(response));
    }

    private static LlmFailure chatFails() {
        return assertThrows(LlmFailure.class, () -> transport.chatCompletion(base, request()));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void completionRoundTrip() throws LlmFailure {
        chatAnswers(json(200, """
                {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"qwen2.5-7b-instruct",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, bob."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":4,"total_tokens":24}}"""));
        ChatCompletionResponse r = transport.chatCompletion(base, request());
        assertEquals("Hello, bob.", r.firstContent());
        stub.verify(postRequestedFor(urlEqualTo(CHAT))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("qwen2.5-7b-instruct")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Context:\nbob: hi\nSage: ")))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("100")))
                .withRequestBody(matchingJsonPath("$.top_k", equalTo("40")))
                .withRequestBody(matchingJsonPath("$.repeat_penalty", equalTo("1.15")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("false"))));
    }

    @Test
    void modelNotFound() {
        chatAnswers(json(404, """
                {"error":{"message":"model 'qwen2.5-7b-instruct' not found","type":"invalid_request_error",
                 "param":"model","code":"model_not_found"}}"""));
        LlmFailure f = chatFails();
        assertEquals(Kind.MODEL_NOT_FOUND, f.kind());
        assertEquals(404, f.httpStatus());
        assertEquals(base, f.server());
        assertEquals("model not found (HTTP 404): model 'qwen2.5-7b-instruct' not found (" + base + ")", f.getMessage());
    }

    @Test
    void loading() {
        chatAnswers(json(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}"));
        LlmFailure f = chatFails();
        assertEquals(Kind.LOADING, f.kind());
        assertTrue(f.getMessage().startsWith("model loading (HTTP 503): Loading model"), f.getMessage());
    }

    @Test
    void serverError() {
        chatAnswers(aResponse().withStatus(500).withBody("Internal Server Error"));
        LlmFailure f = chatFails();
        assertEquals(Kind.HTTP_ERROR, f.kind());
        assertEquals(500, f.httpStatus());
        assertTrue(f.isServerFault());
        assertTrue(f.getMessage().startsWith("HTTP 500: Internal Server Error"), f.getMessage());
    }

    @Test
    void malformedJson() {
        chatAnswers(json(200, "{\"choices\": [ {\"message\": "));
        assertEquals(Kind.MALFORMED, chatFails().kind());
        chatAnswers(json(200, "<html>proxy login</html>"));
        assertEquals(Kind.MALFORMED, chatFails().kind());
        chatAnswers(json(200, "{\"id\":\"x\",\"choices\":[]}"));
        LlmFailure noChoices = chatFails();
        assertEquals(Kind.MALFORMED, noChoices.kind());
        assertTrue(noChoices.getMessage().contains("no choices"));
    }

    @Test
    void emptyCompletion() {
        chatAnswers(json(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"  \"},\"finish_reason\":\"length\"}]}"));
        LlmFailure f = chatFails();
        assertEquals(Kind.EMPTY, f.kind());
        assertTrue(f.getMessage().contains("finish_reason length"), f.getMessage());
        assertTrue(PooledLanguageModel.error(f).countsAsAttempt());
    }

    @Test
    void connectionResetIsAnIoError() {
        chatAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        LlmFailure f = chatFails();
        assertEquals(Kind.IO_ERROR, f.kind());
        assertTrue(f.isServerFault());
    }

    @Test
    void refusedConnectionOnAClosedPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/v1");
        LlmFailure f = assertThrows(LlmFailure.class, () -> transport.chatCompletion(closed, request()));
        assertEquals(Kind.CONNECTION_REFUSED, f.kind());
        assertEquals(closed, f.server());
        LlmFailure probe = assertThrows(LlmFailure.class, () -> transport.loadedModels(closed));
        assertEquals(Kind.CONNECTION_REFUSED, probe.kind());
    }

    @Test
    void readTimeout() {
        chatAnswers(json(200, "{\"choices\":[{\"message\":{\"content\":\"late\"}}]}").withFixedDelay(3000));
        long t0 = System.nanoTime();
        LlmFailure f = chatFails();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Kind.TIMEOUT, f.kind());
        assertTrue(ms >= 650 && ms < 2500, "timed out after " + ms + " ms");
    }

    @Test
    void modelListings() throws LlmFailure {
        stub.stubFor(get(urlEqualTo("/api/v0/models")).willReturn(json(200, """
                {"object":"list","data":[
                 {"id":"qwen2.5-7b-instruct","object":"model","type":"llm","state":"loaded","quantization":"Q4_K_M","max_context_length":32768},
                 {"id":"llama-3.2-3b-instruct","object":"model","type":"llm","state":"not-loaded"}]}""")));
        stub.stubFor(get(urlEqualTo("/v1/models")).willReturn(json(200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-7b-instruct\",\"object\":\"model\",\"owned_by\":\"organization_owner\"}]}")));
        assertEquals(List.of("qwen2.5-7b-instruct"), transport.loadedModels(base).loadedIds());
        assertEquals(List.of("qwen2.5-7b-instruct"), transport.listModels(base).ids());
    }

    @Test
    void probeTimeoutIsShort() {
        stub.stubFor(get(urlEqualTo("/api/v0/models")).willReturn(json(200, "{\"data\":[]}").withFixedDelay(3000)));
        long t0 = System.nanoTime();
        LlmFailure f = assertThrows(LlmFailure.class, () -> transport.loadedModels(base));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Kind.TIMEOUT, f.kind());
        assertTrue(ms < 1500, "probe took " + ms + " ms");
    }
}
