package dev.chorus.infrastructure.llm;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Test transport: the production encoding and classification ({@link AbstractHttpLlmTransport}) over
 * {@code java.net.http}, since no MicroProfile REST Client implementation is on the unit-test class path.
 */
final class JdkHttpLlmTransport extends AbstractHttpLlmTransport {
    /** Deadline timers of every test transport (daemon: nothing to stop). */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-llm-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final LlmSettings settings;
    private final HttpClient chatClient;
    private final HttpClient probeClient;

    JdkHttpLlmTransport(LlmSettings settings) {
        super(DEADLINES, command -> {
            Thread t = new Thread(command, "test-llm-close");
            t.setDaemon(true);
            t.start();
        });
        this.settings = settings;
        this.chatClient = client(settings.connectTimeout());
        this.probeClient = client(settings.probeTimeout());
    }

    private static HttpClient client(Duration connect) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect).build();
    }

    @Override
    protected RawResponse exchange(Endpoint endpoint, URI baseUrl, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.target(baseUrl))
                .timeout(endpoint.isProbe() ? settings.probeTimeout() : settings.readTimeout())
                .header("Accept", "application/json");
        if (jsonBody != null) {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        } else {
            b.GET();
        }
        HttpClient client = endpoint.isProbe() ? probeClient : chatClient;
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new RawResponse(r.statusCode(), r.body());
    }

    @Override
    protected Duration completionReadTimeout() {
        return settings.readTimeout();
    }

    /** The body as it arrives: {@code java.net.http}'s request timeout bounds only the wait for the headers. */
    @Override
    protected OpenResponse open(URI baseUrl, String jsonBody) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(Endpoint.CHAT_COMPLETIONS.target(baseUrl))
                .timeout(settings.readTimeout())
                .header("Accept", "text/event-stream, application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)).build();
        HttpResponse<InputStream> r = chatClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
        return new OpenResponse(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }
}
