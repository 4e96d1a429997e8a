package dev.chorus.domain.bot;

import java.util.Objects;

/**
 * What the LLM answered to a persona's prompt: the raw completion text (not yet shaped by the persona's rules), or
 * why there is none. Exactly one of {@link #text()} and {@link #error()} is set.
 */
public record LlmAnswer(String text, LlmError error) {

    public LlmAnswer {
        if ((text == null) == (error == null)) {
            throw new IllegalArgumentException("an answer has either text or an error");
        }
    }

    /** A completion; its text may be blank (shaping makes that a failed attempt). */
    public static LlmAnswer text(String text) {
        return new LlmAnswer(Objects.requireNonNull(text, "text"), null);
    }

    public static LlmAnswer failed(LlmError error) {
        return new LlmAnswer(null, Objects.requireNonNull(error, "error"));
    }

    public boolean failed() {
        return error != null;
    }
}
