package dev.chorus.infrastructure.llm;

import java.net.URI;
import java.util.function.Consumer;

/**
 * One slot on one server, from {@link LlmServerPool#acquire}. Make at most one call with it, then close it (use
 * try-with-resources): closing gives the slot back. Not thread-safe.
 */
public final class LlmServerLease implements AutoCloseable {
    private final LlmServerPool pool;
    private final LlmServer server;
    private final String model;
    private boolean used;
    private boolean verdict;
    private boolean closed;

    LlmServerLease(LlmServerPool pool, LlmServer server, String model) {
        this.pool = pool;
        this.server = server;
        this.model = model;
    }

    /** The base URL of the server this slot is on. */
    public URI server() {
        return server.baseUrl;
    }

    /**
     * The completion, on this lease's server. Records the outcome for the server's breaker, health and statistics.
     *
     * @throws LlmFailure classified, attributed to this server
     * @throws IllegalStateException on a second call or after {@link #close()}
     */
    public LlmCompletion complete(ChatCompletionRequest request) throws LlmFailure {
        return complete(request, text -> { });
    }

    /**
     * As {@link #complete(ChatCompletionRequest)}; a request with {@code stream} set is streamed and {@code onText}
     * hears the text so far as it arrives.
     */
    public LlmCompletion complete(ChatCompletionRequest request, Consumer<CharSequence> onText) throws LlmFailure {
        if (used || closed) {
            throw new IllegalStateException("a lease is good for one call");
        }
        used = true;
        String requested = request.model() != null ? request.model() : model;
        long t0 = pool.now();
        ChatCompletionResponse response;
        try {
            response = pool.call(server, request, onText);
        } catch (LlmFailure f) {
            LlmFailure failure = f.withServer(server.baseUrl);
            verdict = true;
            pool.recordFailure(server, requested, pool.now() - t0, failure);
            throw failure;
        } catch (RuntimeException e) {
            LlmFailure failure = LlmErrorClassifier.fromException(e, server.baseUrl);
            verdict = true;
            pool.recordFailure(server, requested, pool.now() - t0, failure);
            throw failure;
        }
        long nanos = pool.now() - t0;
        verdict = true;
        pool.recordSuccess(server, requested, nanos);
        return new LlmCompletion(response.firstContent(), response.model() != null ? response.model() : requested,
                server.baseUrl, nanos / 1_000_000, response.firstFinishReason(), response.usage());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.release(server, verdict);
        }
    }
}
