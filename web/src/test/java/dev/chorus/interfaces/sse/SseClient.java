package dev.chorus.interfaces.sse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Server-Sent Events client for tests: java.net.http, the body read line by line on its own thread and
 * parsed per the SSE spec ({@code id:}, {@code event:}, {@code data:}, comments, blank line = dispatch).
 * {@link #close()} drops the TCP connection, as a browser losing the network would.
 */
public final class SseClient implements AutoCloseable {
    /** One dispatched event, with the moment it was read (System.nanoTime). */
    public record Event(String id, String name, String data, long receivedNanos) {
        public JsonObject json() {
            return Json.createReader(new StringReader(data)).readObject();
        }

        long timestamp() {
            return json().getJsonNumber("timestamp").longValue();
        }
    }

    record Comment(String text, long receivedNanos) {
    }

    private final HttpResponse<InputStream> response;
    private final InputStream body;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Comment> comments = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final long openedNanos;
    private volatile boolean closed;
    private volatile Throwable failure;

    private SseClient(HttpResponse<InputStream> response, long openedNanos) {
        this.response = response;
        this.body = response.body();
        this.openedNanos = openedNanos;
        this.reader = new Thread(this::read, "sse-client-" + response.uri());
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code base}/api/stream + query; {@code lastEventId} null for none. Returns once headers arrived. */
    public static SseClient open(URI base, String query, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/stream" + (query == null ? "" : query)))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long opened = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(response, opened);
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    long openedNanos() {
        return openedNanos;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name == null ? "message" : name, data.toString(), System.nanoTime()));
                    }
                    name = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.add(new Comment(strip(line.substring(1)), System.nanoTime()));
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : strip(line.substring(colon + 1));
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> {
                        // retry and unknown fields are ignored
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                failure = e;
            }
        }
    }

    private static String strip(String value) {
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    /** The next event, or null after {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events until {@code done} says so (checked after each event) or {@code timeout} passes. */
    public List<Event> collect(Predicate<List<Event>> done, Duration timeout) throws InterruptedException {
        List<Event> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(got)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Event event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null) {
                got.add(event);
            }
        }
        return got;
    }

    List<Comment> comments() {
        return List.copyOf(comments);
    }

    boolean ended() {
        return !reader.isAlive();
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // already gone
        }
        reader.interrupt();
    }
}
