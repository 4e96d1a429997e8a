package dev.chorus.infrastructure.llm;

import java.net.URI;
import java.util.function.Consumer;

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

    /**
     * {@code POST {base}/chat/completions} asking for a streamed answer ({@code "stream": true}): {@code onText}
     * receives the completion's text so far each time a chunk adds to it (on the calling thread; it must not block for
     * long; a view valid only during the call). A server that answers with one JSON body instead is read the
     * non-streamed way, its text reported once. The default asks for an answer that is not streamed, for transports
     * that cannot stream.
     *
     * @return the assembled completion, as {@link #chatCompletion} returns it
     */
    default ChatCompletionResponse streamChatCompletion(URI baseUrl, ChatCompletionRequest request,
                                                        Consumer<CharSequence> onText) throws LlmFailure {
        ChatCompletionResponse response = chatCompletion(baseUrl, request);
        onText.accept(response.firstContent());
        return response;
    }

    /** {@code GET {base}/models}: what an OpenAI-compatible server can serve. */
    ModelList listModels(URI baseUrl) throws LlmFailure;

    /** {@code GET {root}/api/v0/models}: LM Studio's models with their loaded state (root = base without /v1). */
    LmStudioModelList loadedModels(URI baseUrl) throws LlmFailure;

    @Override
    default void close() {
    }
}
