package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire encoding of the LLM DTOs, with JSON-P. The transports send and receive strings and use this codec, so
 * the encoding does not depend on which JSON-B provider a client runtime has, a body that is not the JSON expected is
 * told apart ({@link Kind#MALFORMED}) from a transport failure, and the same code runs in unit tests.
 */
public final class LlmJson {
    private LlmJson() {
    }

    /** The error a server put in its body: OpenAI's {@code {"error":{"message","type","code"}}} or {@code {"error":"..."}}. */
    public record ErrorInfo(String message, String type, String code) {
        static final ErrorInfo NONE = new ErrorInfo(null, null, null);
    }

    public static String toJson(ChatCompletionRequest r) {
        JsonArrayBuilder messages = Json.createArrayBuilder();
        for (ChatCompletionRequest.Message m : r.messages()) {
            messages.add(Json.createObjectBuilder().add("role", m.role()).add("content", m.content()));
        }
        JsonObjectBuilder b = Json.createObjectBuilder().add("model", r.model()).add("messages", messages);
        if (r.temperature() != null) {
            b.add("temperature", r.temperature());
        }
        if (r.maxTokens() != null) {
            b.add("max_tokens", r.maxTokens());
        }
        if (r.topP() != null) {
            b.add("top_p", r.topP());
        }
        if (r.topK() != null) {
            b.add("top_k", r.topK());
        }
        if (r.repeatPenalty() != null) {
            b.add("repeat_penalty", r.repeatPenalty());
        }
        if (r.minP() != null) {
            b.add("min_p", r.minP());
        }
        if (r.stream() != null) {
            b.add("stream", r.stream());
        }
        return b.build().toString();
    }

    /**
     * A {@code /chat/completions} answer.
     *
     * @throws LlmFailure {@link Kind#MALFORMED} if the body is not a JSON object with a {@code choices} array holding a
     *                    choice; an error object in the body is classified as by {@link LlmErrorClassifier#fromHttp}
     */
    public static ChatCompletionResponse parseChatCompletion(String body, URI server) throws LlmFailure {
        JsonObject o = object(body, server);
        JsonValue choicesValue = o.get("choices");
        if (choicesValue == null || choicesValue.getValueType() != JsonValue.ValueType.ARRAY) {
            if (o.containsKey("error")) {
                LlmFailure f = LlmErrorClassifier.fromHttp(200, body, server);
                throw f.kind() == Kind.HTTP_ERROR ? LlmFailure.of(Kind.MALFORMED, server, "error in a 2xx body: " + f.detail()) : f;
            }
            throw LlmFailure.of(Kind.MALFORMED, server, "no choices in the completion");
        }
        JsonArray arr = choicesValue.asJsonArray();
        if (arr.isEmpty()) {
            throw LlmFailure.of(Kind.MALFORMED, server, "no choices in the completion");
        }
        List<ChatCompletionResponse.Choice> choices = new ArrayList<>();
        for (JsonValue v : arr) {
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw LlmFailure.of(Kind.MALFORMED, server, "a choice is not an object");
            }
            JsonObject c = v.asJsonObject();
            ChatCompletionResponse.Message message = null;
            JsonValue mv = c.get("message");
            if (mv != null && mv.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonObject m = mv.asJsonObject();
                message = new ChatCompletionResponse.Message(string(m, "role"), string(m, "content"));
            } else if (c.get("text") instanceof JsonString text) {
                message = new ChatCompletionResponse.Message("assistant", text.getString());
            } else if (mv != null && mv.getValueType() != JsonValue.ValueType.NULL) {
                throw LlmFailure.of(Kind.MALFORMED, server, "a choice's message is not an object");
            }
            choices.add(new ChatCompletionResponse.Choice(integer(c, "index"), message, string(c, "finish_reason")));
        }
        ChatCompletionResponse.Usage usage = null;
        if (o.get("usage") instanceof JsonObject u) {
            usage = new ChatCompletionResponse.Usage(integer(u, "prompt_tokens"), integer(u, "completion_tokens"),
                    integer(u, "total_tokens"));
        }
        return new ChatCompletionResponse(string(o, "id"), string(o, "model"), choices, usage);
    }

    /** A {@code GET /models} answer. */
    public static ModelList parseModels(String body, URI server) throws LlmFailure {
        List<ModelList.Model> models = new ArrayList<>();
        for (JsonObject m : data(object(body, server), server)) {
            models.add(new ModelList.Model(string(m, "id"), string(m, "owned_by")));
        }
        return new ModelList(models);
    }

    /** A {@code GET /api/v0/models} answer (LM Studio). */
    public static LmStudioModelList parseLmStudioModels(String body, URI server) throws LlmFailure {
        List<LmStudioModelList.Model> models = new ArrayList<>();
        for (JsonObject m : data(object(body, server), server)) {
            models.add(new LmStudioModelList.Model(string(m, "id"), string(m, "type"), string(m, "state"),
                    string(m, "quantization"), integer(m, "max_context_length")));
        }
        return new LmStudioModelList(models);
    }

    /** The error in an error body; all {@code null} when the body holds none. Never throws. */
    public static ErrorInfo errorInfo(String body) {
        if (body == null || body.isBlank()) {
            return ErrorInfo.NONE;
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonStructure s = reader.read();
            if (!(s instanceof JsonObject o)) {
                return ErrorInfo.NONE;
            }
            JsonValue e = o.get("error");
            if (e instanceof JsonString str) {
                return new ErrorInfo(str.getString(), null, null);
            }
            if (e instanceof JsonObject eo) {
                return new ErrorInfo(string(eo, "message"), string(eo, "type"), string(eo, "code"));
            }
            if (o.get("message") instanceof JsonString m) {
                return new ErrorInfo(m.getString(), null, null);
            }
            return ErrorInfo.NONE;
        } catch (JsonException | IllegalStateException e) {
            return ErrorInfo.NONE;
        }
    }

    private static JsonObject object(String body, URI server) throws LlmFailure {
        if (body == null || body.isBlank()) {
            throw LlmFailure.of(Kind.MALFORMED, server, "empty body");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonStructure s = reader.read();
            if (!(s instanceof JsonObject o)) {
                throw LlmFailure.of(Kind.MALFORMED, server, "the body is not a JSON object");
            }
            return o;
        } catch (JsonException | IllegalStateException e) {
            throw new LlmFailure(Kind.MALFORMED, 0, server,
                    "unparseable JSON: " + LlmErrorClassifier.snippet(body), e);
        }
    }

    private static List<JsonObject> data(JsonObject o, URI server) throws LlmFailure {
        JsonValue d = o.get("data");
        if (d == null || d.getValueType() != JsonValue.ValueType.ARRAY) {
            throw LlmFailure.of(Kind.MALFORMED, server, "no data array in the model list");
        }
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : d.asJsonArray()) {
            if (v instanceof JsonObject m && m.get("id") instanceof JsonString) {
                out.add(m);
            }
        }
        return out;
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        return null;
    }

    private static Integer integer(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.intValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
