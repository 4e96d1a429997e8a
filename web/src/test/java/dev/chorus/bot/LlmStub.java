package dev.chorus.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;

/**
 * An OpenAI-compatible LLM server for tests: WireMock on 127.0.0.1 answering {@code /api/v0/models} (LM Studio),
 * {@code /v1/models} and {@code /v1/chat/completions}, with a configurable delay; per model name (matched in the
 * request body) a completion can be replaced by a fault.
 */
public final class LlmStub implements AutoCloseable {
    static final String REPLY = "Hello from the stub";
    private final WireMockServer server;

    LlmStub(int port, int latencyMillis) {
        server = new WireMockServer(options().bindAddress("127.0.0.1").port(port).containerThreads(40)
                .jettyAcceptors(2));
        server.start();
        String models = "{\"object\":\"list\",\"data\":[{\"id\":\"echo-model\",\"type\":\"llm\",\"state\":\"loaded\"}]}";
        server.stubFor(get(urlEqualTo("/api/v0/models")).willReturn(json(200, models)));
        server.stubFor(get(urlEqualTo("/v1/models")).willReturn(json(200, models)));
        reply(latencyMillis);
    }

    public static LlmStub start(int latencyMillis) {
        return new LlmStub(0, latencyMillis);
    }

    /** Every completion answers {@link #REPLY} after {@code latencyMillis} (lowest priority stub). */
    void reply(int latencyMillis) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(10)
                .willReturn(completion(REPLY).withFixedDelay(latencyMillis)));
    }

    /** Completions for {@code model} get {@code response} instead. */
    void forModel(String model, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("\"" + model + "\"")).willReturn(response));
    }

    static ResponseDefinitionBuilder completion(String content) {
        return json(200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"echo-model\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]}");
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder fault(Fault fault) {
        return aResponse().withFault(fault);
    }

    public int completionRequests() {
        return server.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions")).build()).getCount();
    }

    int completionRequestsFor(String model) {
        return server.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("\"" + model + "\"")).build()).getCount();
    }

    WireMockServer wireMock() {
        return server;
    }

    int port() {
        return server.port();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/v1");
    }

    @Override
    public void close() {
        server.stop();
    }
}
