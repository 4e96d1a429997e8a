package dev.chorus.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Shared helpers of the bot ITs: a test entities file, persona posts, and waiting for replies. */
final class BotFixtures {
    private BotFixtures() {
    }

    /** One persona per model name: id = model name without "-model", username = "P-" + id, color fixed. */
    /** Closes what a bot test started (null entries skipped, in order), then deletes its directory. */
    static void tearDown(Path dir, AutoCloseable... started) throws Exception {
        for (AutoCloseable resource : started) {
            if (resource != null) {
                resource.close();
            }
        }
        if (dir != null) {
            dev.chorus.support.ChorusServer.deleteRecursively(dir);
        }
    }

    static Path entitiesFile(Path dir, String... models) throws IOException {
        return entitiesFile(dir, Map.of(), models);
    }

    /** {@link #entitiesFile(Path, String...)} where the persona of a model in {@code systemPrompts} has that prompt. */
    static Path entitiesFile(Path dir, Map<String, String> systemPrompts, String... models) throws IOException {
        StringBuilder entities = new StringBuilder();
        for (String model : models) {
            String id = model.replace("-model", "");
            if (entities.length() > 0) {
                entities.append(",");
            }
            entities.append("{\"id\":\"").append(id).append("\",\"enabled\":true,\"username\":\"P-").append(id)
                    .append("\",\"color\":\"010200030\",\"model\":\"").append(model)
                    .append("\",\"systemPrompt\":\"").append(systemPrompts.getOrDefault(model, "You are a test persona."))
                    .append("\",\"userPrompt\":\"Answer briefly.\"")
                    .append(",\"trimWhitespace\":true,\"defaultPriority\":50}");
        }
        Path file = dir.resolve("entities.json");
        Files.writeString(file, "{\"entities\":[" + entities + ",{\"id\":\"off\",\"enabled\":false,\"username\":\"Off\","
                + "\"color\":\"001002003\",\"model\":\"echo-model\"}]}");
        return file;
    }

    static Map<String, String> env(Path entities, String servers, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("CHORUS_RATE_LIMIT_PER_MINUTE", "0");
        env.put("CHORUS_ENTITIES", entities.toString());
        env.put("CHORUS_LLM_SERVERS", servers);
        env.putAll(extra);
        return env;
    }

    static JsonObject postPersona(BoardClient client, String id, String entity, String text) {
        JsonObjectBuilder bot = Json.createObjectBuilder().add("entity", entity);
        var reply = client.post(Json.createObjectBuilder().add("id", id).add("text", text).add("username", "human")
                .add("context", Json.createArrayBuilder().add("alice: hi").add("bob: hello"))
                .add("botParams", bot).build());
        if (reply.status() != 200) {
            throw new AssertionError("POST " + id + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    /** Every message the board holds (newest 1000 are plenty here). */
    static List<JsonObject> all(BoardClient client) {
        return client.poll(0, 1000);
    }

    /** AI replies by the message they answer. */
    static Map<String, List<JsonObject>> repliesByTarget(List<JsonObject> messages) {
        Map<String, List<JsonObject>> byTarget = new HashMap<>();
        for (JsonObject m : messages) {
            if ("AI".equals(m.getString("message-type")) && m.containsKey("replyTo")) {
                byTarget.computeIfAbsent(m.getString("replyTo"), k -> new ArrayList<>()).add(m);
            }
        }
        return byTarget;
    }

    static JsonObject message(List<JsonObject> messages, String id) {
        return messages.stream().filter(m -> m.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no message " + id));
    }

    static String status(JsonObject message) {
        return message.getJsonObject("botParams").getString("status", "?");
    }

    /** Waits until every id's botParams.status is complete or failed; returns the board's messages then. */
    static List<JsonObject> awaitSettled(BoardClient client, Collection<String> ids, Duration timeout)
            throws InterruptedException {
        return awaitState(client, ids, timeout, m -> {
            String s = status(m);
            return s.equals("complete") || s.equals("failed");
        });
    }

    static List<JsonObject> awaitState(BoardClient client, Collection<String> ids, Duration timeout,
                                       Predicate<JsonObject> done) throws InterruptedException {
        AtomicReference<List<JsonObject>> messages = new AtomicReference<>();
        AtomicReference<List<String>> open = new AtomicReference<>(List.copyOf(ids));
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                messages.set(all(client));
                Map<String, JsonObject> byId = new HashMap<>();
                messages.get().forEach(m -> byId.put(m.getString("id"), m));
                open.set(ids.stream().filter(id -> byId.get(id) == null || !done.test(byId.get(id))).toList());
                return open.get().isEmpty();
            });
            return messages.get();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(open.get().size() + " message(s) not settled within " + timeout + ", e.g. "
                    + open.get().stream().limit(3).toList() + ": " + open.get().stream().limit(3)
                    .map(id -> messagesById(client).getOrDefault(id, Json.createObjectBuilder().build()).toString())
                    .toList());
        }
    }

    private static Map<String, JsonObject> messagesById(BoardClient client) {
        Map<String, JsonObject> byId = new HashMap<>();
        all(client).forEach(m -> byId.put(m.getString("id"), m));
        return byId;
    }

    /** Asserts each id has exactly one AI reply (and there is no reply to anything else). */
    static void assertExactlyOneReplyEach(List<JsonObject> messages, Collection<String> ids) {
        Map<String, List<JsonObject>> replies = repliesByTarget(messages);
        for (String id : ids) {
            assertEquals(1, replies.getOrDefault(id, List.of()).size(), "replies to " + id);
        }
    }

    static String bearer() {
        return "Bearer " + ChorusServer.BOT_TOKEN;
    }
}
