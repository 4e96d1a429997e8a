package dev.chorus.infrastructure.llm;

import jakarta.json.bind.annotation.JsonbProperty;

import java.util.List;

/** The useful part of a {@code /chat/completions} answer. */
public record ChatCompletionResponse(String id, String model, List<Choice> choices, Usage usage) {

    public ChatCompletionResponse {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public record Choice(Integer index, Message message, @JsonbProperty("finish_reason") String finishReason) {
    }

    public record Message(String role, String content) {
    }

    public record Usage(@JsonbProperty("prompt_tokens") Integer promptTokens,
                        @JsonbProperty("completion_tokens") Integer completionTokens,
                        @JsonbProperty("total_tokens") Integer totalTokens) {
    }

    /** The first choice's text, or {@code null}. */
    public String firstContent() {
        if (choices.isEmpty() || choices.get(0).message() == null) {
            return null;
        }
        return choices.get(0).message().content();
    }

    /** The first choice's finish reason, or {@code null}. */
    public String firstFinishReason() {
        return choices.isEmpty() ? null : choices.get(0).finishReason();
    }
}
