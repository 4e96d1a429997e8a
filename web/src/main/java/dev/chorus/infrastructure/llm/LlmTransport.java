package dev.chorus.infrastructure.llm;

import java.net.URI;

/**
 * The three calls Chorus makes to an LLM server, addressed by the server's OpenAI-compatible base URL
 * ({@code http://host:1234/v1}). Every failure is an {@link LlmFailure}; implementations never throw anything else
 * for a failed call. Completions use the long read timeout, model listings the short probe timeout.
 */
public interface LlmTransport extends AutoCloseable {

    /**
     * {@code POST {base}/chat/completions}.
     *
     * @return the completion; its first choice has non-blank text (else {@link LlmFailure.Kind#EMPTY})
     */
    ChatCompletionResponse chatCompletion(URI baseUrl, ChatCompletionRequest request) throws LlmFailure;

    /** {@code GET {base}/models}: what an OpenAI-compatible server can serve. */
    ModelList listModels(URI baseUrl) throws LlmFailure;

    /** {@code GET {root}/api/v0/models}: LM Studio's models with their loaded state (root = base without /v1). */
    LmStudioModelList loadedModels(URI baseUrl) throws LlmFailure;

    @Override
    default void close() {
    }
}
