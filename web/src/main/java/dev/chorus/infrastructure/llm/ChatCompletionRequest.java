package dev.chorus.infrastructure.llm;

import dev.chorus.domain.persona.ChatMessage;
import dev.chorus.domain.persona.Prompt;
import dev.chorus.domain.persona.SamplingParams;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;

/**
 * Body of {@code POST /chat/completions} (OpenAI-compatible). {@code null} parameters are left out. {@code top_k},
 * {@code repeat_penalty} and {@code min_p} are not OpenAI's but LM Studio and llama.cpp honour them.
 */
@JsonbNillable(false)
@JsonbPropertyOrder({"model", "messages", "temperature", "max_tokens", "top_p", "top_k", "repeat_penalty", "min_p", "stream"})
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Double temperature,
        @JsonbProperty("max_tokens") Integer maxTokens,
        @JsonbProperty("top_p") Double topP,
        @JsonbProperty("top_k") Integer topK,
        @JsonbProperty("repeat_penalty") Double repeatPenalty,
        @JsonbProperty("min_p") Double minP,
        Boolean stream) {

    public ChatCompletionRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("messages are required");
        }
        messages = List.copyOf(messages);
    }

    /** One chat message. */
    public record Message(String role, String content) {
    }

    /** The request for a persona's prompt, not streamed. */
    public static ChatCompletionRequest from(Prompt prompt) {
        return from(prompt, false);
    }

    /** The request for a persona's prompt, streamed or not. */
    public static ChatCompletionRequest from(Prompt prompt, boolean stream) {
        SamplingParams s = prompt.sampling();
        List<Message> messages = prompt.messages().stream().map(ChatCompletionRequest::message).toList();
        return new ChatCompletionRequest(prompt.model(), messages, s.temperature(), s.maxTokens(), s.topP(), s.topK(),
                s.repeatPenalty(), s.minP(), stream);
    }

    private static Message message(ChatMessage m) {
        return new Message(m.role(), m.content());
    }
}
