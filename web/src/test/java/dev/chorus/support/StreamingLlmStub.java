package dev.chorus.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible LLM server that streams (the JDK's HTTP server on 127.0.0.1, so every chunk leaves when the
 * test says): {@code /v1/chat/completions} with {@code "stream": true} answers server-sent chunks
 * ({@code data: {..."delta":{"content":"..."}...}}) with a delay before each, then {@code data: [DONE]}. Per model
 * (named in the request body) a queue of {@link Script}s: each request takes the next, the last one repeats. A script
 * may also cut the connection after some chunks (no {@code [DONE]}, no terminating chunk) or answer the old way,
 * one JSON body, as a server that does not stream. {@code /v1/models} and {@code /api/v0/models} list the models.
 */
public final class StreamingLlmStub implements AutoCloseable {
    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

    /** How a script's answer ends. */
    public enum Ending { DONE, CUT, NOT_STREAMED, TRICKLE }

    /**
     * One answer: {@code chunks} sent one by one, each after {@code delayMillis}; {@code cutAfter} chunks when
     * {@code ending} is {@link Ending#CUT}.
     */
    public record Script(List<String> chunks, int delayMillis, Ending ending, int cutAfter) {
        public static Script streamed(int delayMillis, String... chunks) {
            return new Script(List.of(chunks), delayMillis, Ending.DONE, chunks.length);
        }

        public static Script cut(int delayMillis, int cutAfter, String... chunks) {
            return new Script(List.of(chunks), delayMillis, Ending.CUT, cutAfter);
        }

        /**
         * A hostile server: the start of a chunk, then one more byte every {@code delayMillis}, never a line end
         * (for at most a minute, or until the client hangs up).
         */
        public static Script trickle(int delayMillis) {
            return new Script(List.of(), delayMillis, Ending.TRICKLE, 0);
        }

        public static Script notStreamed(int delayMillis, String text) {
            return new Script(List.of(text), delayMillis, Ending.NOT_STREAMED, 1);
        }

        public String text() {
            return String.join("", chunks);
        }
    }

    /** A chunk as it left: when (System.nanoTime) and the completion's text up to and including it. */
    public record Sent(String model, long nanos, String textSoFar) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Map<String, Deque<Script>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> models;

    private StreamingLlmStub(List<String> models) throws IOException {
        this.models = List.copyOf(models);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/v1/models", this::models);
        server.createContext("/api/v0/models", this::models);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    /** A stub serving {@code models} (each answers "Hello from the stream" in three chunks until scripted). */
    public static StreamingLlmStub start(String... models) throws IOException {
        return new StreamingLlmStub(List.of(models));
    }

    /** The next requests for {@code model} get these answers, in order; the last repeats. */
    public StreamingLlmStub script(String model, Script... answers) {
        scripts.put(model, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public int requests(String model) {
        AtomicInteger n = requests.get(model);
        return n == null ? 0 : n.get();
    }

    /** Every chunk sent so far, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    private void models(HttpExchange exchange) throws IOException {
        StringBuilder data = new StringBuilder();
        for (String model : models) {
            data.append(data.length() == 0 ? "" : ",").append("{\"id\":\"").append(model)
                    .append("\",\"type\":\"llm\",\"state\":\"loaded\"}");
        }
        respond(exchange, 200, "application/json", "{\"object\":\"list\",\"data\":[" + data + "]}");
    }

    private void complete(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = MODEL.matcher(body);
        String model = m.find() ? m.group(1) : "?";
        requests.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
        Script script = next(model);
        boolean streamAsked = body.replace(" ", "").contains("\"stream\":true");
        if (script.ending() == Ending.NOT_STREAMED || !streamAsked) {
            pause(script.delayMillis() * Math.max(1, script.chunks().size()));
            respond(exchange, 200, "application/json", "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\""
                    + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                    + quote(script.text()) + "},\"finish_reason\":\"stop\"}]}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (script.ending() == Ending.TRICKLE) {
            trickle(out, script.delayMillis());
            return;
        }
        StringBuilder soFar = new StringBuilder();
        int limit = script.ending() == Ending.CUT ? script.cutAfter() : script.chunks().size();
        for (int i = 0; i < limit; i++) {
            pause(script.delayMillis());
            String chunk = script.chunks().get(i);
            soFar.append(chunk);
            out.write(event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                    + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(chunk) + "},\"finish_reason\":null}]}"));
            out.flush();
            sent.add(new Sent(model, System.nanoTime(), soFar.toString()));
        }
        if (script.ending() == Ending.CUT) {
            // Leaving the handler by an exception makes the server drop the connection: no [DONE], no last chunk.
            throw new IOException("stub: stream cut after " + limit + " chunks");
        }
        out.write(event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
        out.write(event("[DONE]"));
        out.close();
    }

    private static void trickle(OutputStream out, int delayMillis) throws IOException {
        out.write("data: {\"choices\":[{\"delta\":{\"content\":\"".getBytes(StandardCharsets.UTF_8));
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            out.write('x'); // fails once the client has closed the connection
            out.flush();
            pause(delayMillis);
        }
        throw new IOException("stub: trickle over"); // drops the connection
    }

    private Script next(String model) {
        Deque<Script> queue = scripts.get(model);
        if (queue == null) {
            return Script.streamed(50, "Hello ", "from the ", "stream");
        }
        synchronized (queue) {
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    private static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
