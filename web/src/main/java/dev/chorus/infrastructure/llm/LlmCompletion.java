package dev.chorus.infrastructure.llm;

import java.net.URI;

/**
 * A successful completion.
 *
 * @param text          the first choice's text (not blank; not yet shaped by the persona's rules)
 * @param model         the model that answered (as the server names it, else as requested)
 * @param server        the base URL of the server that answered
 * @param latencyMillis how long the call took
 * @param finishReason  the server's {@code finish_reason}, or {@code null}
 * @param usage         token counts, or {@code null}
 */
public record LlmCompletion(String text, String model, URI server, long latencyMillis, String finishReason,
                            ChatCompletionResponse.Usage usage) {
}
