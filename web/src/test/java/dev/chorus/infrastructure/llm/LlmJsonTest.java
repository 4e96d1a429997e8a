package dev.chorus.infrastructure.llm;

import dev.chorus.domain.persona.ChatMessage;
import dev.chorus.domain.persona.Prompt;
import dev.chorus.domain.persona.SamplingParams;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmJsonTest {
    private static final URI S = URI.create("http://s:1/v1");

    @Test
    void requestFromPromptOmitsUnsetParameters() {
        Prompt p = new Prompt("qwen", List.of(new ChatMessage("system", "be \"nice\""), new ChatMessage("user", "hi\nthere")),
                new SamplingParams(0.7, 100, null, 40, null, 0.05));
        String json = LlmJson.toJson(ChatCompletionRequest.from(p));
        JsonObject o = Json.createReader(new StringReader(json)).readObject();
        assertEquals("qwen", o.getString("model"));
        assertEquals(2, o.getJsonArray("messages").size());
        assertEquals("be \"nice\"", o.getJsonArray("messages").getJsonObject(0).getString("content"));
        assertEquals("hi\nthere", o.getJsonArray("messages").getJsonObject(1).getString("content"));
        assertEquals(0.7, o.getJsonNumber("temperature").doubleValue());
        assertEquals(100, o.getInt("max_tokens"));
        assertEquals(40, o.getInt("top_k"));
        assertEquals(0.05, o.getJsonNumber("min_p").doubleValue());
        assertFalse(o.getBoolean("stream"));
        assertFalse(o.containsKey("top_p"));
        assertFalse(o.containsKey("repeat_penalty"));
    }

    @Test
    void parsesCompletion() throws LlmFailure {
        ChatCompletionResponse r = LlmJson.parseChatCompletion("""
                {"id":"chatcmpl-1","object":"chat.completion","model":"qwen2.5-7b-instruct",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""", S);
        assertEquals("Hello!", r.firstContent());
        assertEquals("stop", r.firstFinishReason());
        assertEquals("qwen2.5-7b-instruct", r.model());
        assertEquals(15, r.usage().totalTokens());
        assertEquals("legacy", LlmJson.parseChatCompletion("{\"choices\":[{\"text\":\"legacy\"}]}", S).firstContent());
        assertNull(LlmJson.parseChatCompletion("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null}}]}", S)
                .firstContent());
    }

    @Test
    void malformedBodies() {
        for (String body : new String[]{"", "not json", "[1,2]", "{\"choices\": []}", "{\"object\":\"x\"}",
                "{\"choices\": [42]}", "{\"choices\": [{\"message\": \"text\"}]}", "{\"choices\": \"x\"}"}) {
            LlmFailure f = assertThrows(LlmFailure.class, () -> LlmJson.parseChatCompletion(body, S), body);
            assertEquals(LlmFailure.Kind.MALFORMED, f.kind(), body);
        }
        LlmFailure inBody = assertThrows(LlmFailure.class, () -> LlmJson.parseChatCompletion(
                "{\"error\":{\"message\":\"model 'x' not found\",\"code\":\"model_not_found\"}}", S));
        assertEquals(LlmFailure.Kind.MODEL_NOT_FOUND, inBody.kind());
    }

    @Test
    void parsesModelLists() throws LlmFailure {
        LmStudioModelList lm = LlmJson.parseLmStudioModels("""
                {"object":"list","data":[
                  {"id":"qwen2.5-7b-instruct","object":"model","type":"llm","publisher":"lmstudio-community",
                   "arch":"qwen2","compatibility_type":"gguf","quantization":"Q4_K_M","state":"loaded","max_context_length":32768},
                  {"id":"text-embedding-nomic","object":"model","type":"embeddings","state":"not-loaded"},
                  {"object":"model"}]}""", S);
        assertEquals(List.of("qwen2.5-7b-instruct"), lm.loadedIds());
        assertEquals(List.of("qwen2.5-7b-instruct", "text-embedding-nomic"), lm.allIds());
        assertEquals(32768, lm.data().get(0).maxContextLength());
        ModelList m = LlmJson.parseModels("{\"object\":\"list\",\"data\":[{\"id\":\"a\",\"owned_by\":\"me\"},{\"id\":\"b\"}]}", S);
        assertEquals(List.of("a", "b"), m.ids());
        assertThrows(LlmFailure.class, () -> LlmJson.parseModels("{\"models\":[]}", S));
    }

    @Test
    void errorInfo() {
        assertEquals(new LlmJson.ErrorInfo("m", "t", "c"),
                LlmJson.errorInfo("{\"error\":{\"message\":\"m\",\"type\":\"t\",\"code\":\"c\"}}"));
        assertEquals(new LlmJson.ErrorInfo("plain", null, null), LlmJson.errorInfo("{\"error\":\"plain\"}"));
        assertEquals(new LlmJson.ErrorInfo("Loading model", "unavailable_error", "503"),
                LlmJson.errorInfo("{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}"));
        assertEquals(new LlmJson.ErrorInfo(null, null, null), LlmJson.errorInfo("<html>oops</html>"));
        assertEquals(new LlmJson.ErrorInfo(null, null, null), LlmJson.errorInfo(null));
        assertTrue(LlmJson.errorInfo("{}").message() == null);
    }
}
