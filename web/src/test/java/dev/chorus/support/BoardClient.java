package dev.chorus.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client of the board API, the way any program would use it. */
public final class BoardClient {
    private final URI base;
    private final HttpClient http;

    private static final Pattern GAUGE = Pattern.compile("(?m)^(\\w+)\\{[^}]*\\} ([0-9.E+-]+)$");

    public BoardClient(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Reply post(JsonObject message, Map<String, String> headers) {
        HttpRequest.Builder request = request("/api/comments")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString()));
        headers.forEach(request::header);
        return send(request);
    }

    public Reply post(JsonObject message) {
        return post(message, Map.of());
    }

    /** Posts {@code text} under {@code id} as a human; returns the stored message (asserting 200). */
    public JsonObject postText(String id, String text) {
        Reply reply = post(Json.createObjectBuilder().add("id", id).add("text", text).add("username", "tester").build());
        if (reply.status() != 200) {
            throw new AssertionError("POST " + id + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    /** Polls {@code after} the cursor: the bare array, newest first. */
    public List<JsonObject> poll(long after, int limit) {
        Reply reply = get("/api/comments?after=" + after + "&limit=" + limit);
        if (reply.status() != 200) {
            throw new AssertionError("poll answered " + reply.status() + ": " + reply.body());
        }
        return reply.array().getValuesAs(JsonObject.class);
    }

    /** Every stored message, paging from the newest end with {@code offset}; returned oldest first. */
    public List<JsonObject> allByPages(int pageSize) {
        List<JsonObject> all = new ArrayList<>();
        for (int offset = 0; ; offset += pageSize) {
            Reply reply = get("/api/comments?offset=" + offset + "&limit=" + pageSize);
            if (reply.status() != 200) {
                throw new AssertionError("page answered " + reply.status() + ": " + reply.body());
            }
            JsonObject page = reply.json();
            List<JsonObject> comments = page.getJsonArray("comments").getValuesAs(JsonObject.class);
            all.addAll(0, comments);
            if (!page.getBoolean("hasMore")) {
                return all;
            }
        }
    }

    public Reply patchProcessed(String id, boolean processed, String token) {
        HttpRequest.Builder request = request("/api/comments/" + id)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"botParams\":{\"processed\":" + processed + "}}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    public Reply get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to a path of the board; relative to the base, so a board under a context root works too. */
    public HttpRequest.Builder request(String pathAndQuery) {
        String relative = pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery;
        return HttpRequest.newBuilder(base.resolve(relative)).timeout(Duration.ofSeconds(30));
    }

    /** The value of the gauge {@code name} in {@code /metrics} (Prometheus text), read with the bot credential. */
    public double gauge(String name) {
        String body = send(request("/metrics").header("Authorization", "Bearer " + ChorusServer.BOT_TOKEN).GET()).body();
        Matcher m = GAUGE.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no metric " + name + " in " + body.lines().limit(5).toList());
    }

    public long totalMessages() {
        return get("/api/stats").json().getJsonNumber("totalMessages").longValue();
    }

    /** A response: status, headers and body, with JSON accessors. */
    public record Reply(int status, Map<String, List<String>> headers, String body) {
        public JsonObject json() {
            return parse().asJsonObject();
        }

        public JsonArray array() {
            return parse().asJsonArray();
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        private JsonValue parse() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readValue();
            }
        }
    }
}
