package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;

import java.net.URI;

/**
 * The client-independent half of an HTTP {@link LlmTransport}: encoding, decoding and failure classification. A
 * subclass only moves strings: {@link #exchange} sends one request and returns the status and body, or throws what
 * its HTTP client throws (classified by {@link LlmErrorClassifier#fromException}).
 */
public abstract class AbstractHttpLlmTransport implements LlmTransport {

    /** The calls, and where each goes. */
    public enum Endpoint {
        CHAT_COMPLETIONS("chat/completions", false),
        MODELS("models", false),
        LM_STUDIO_MODELS("api/v0/models", true);

        private final String path;
        private final boolean fromRoot;

        Endpoint(String path, boolean fromRoot) {
            this.path = path;
            this.fromRoot = fromRoot;
        }

        /** Path relative to {@link #base(URI)}. */
        public String path() {
            return path;
        }

        /** Whether this call uses the short probe timeouts. */
        public boolean isProbe() {
            return this != CHAT_COMPLETIONS;
        }

        /** The URL this call is relative to: the base URL, or for LM Studio's API the server root. */
        public URI base(URI baseUrl) {
            return fromRoot ? LlmServerUrls.root(baseUrl) : baseUrl;
        }

        /** The full URL of this call. */
        public URI target(URI baseUrl) {
            return LlmServerUrls.resolve(base(baseUrl), path);
        }
    }

    /** An HTTP answer: status and body text ({@code ""} when none). */
    public record RawResponse(int status, String body) {
        public RawResponse {
            body = body == null ? "" : body;
        }
    }

    /**
     * Sends one request.
     *
     * @param jsonBody the JSON body for {@link Endpoint#CHAT_COMPLETIONS}, {@code null} for the GETs
     */
    protected abstract RawResponse exchange(Endpoint endpoint, URI baseUrl, String jsonBody) throws Exception;

    @Override
    public final ChatCompletionResponse chatCompletion(URI baseUrl, ChatCompletionRequest request) throws LlmFailure {
        RawResponse r = call(Endpoint.CHAT_COMPLETIONS, baseUrl, LlmJson.toJson(request));
        ChatCompletionResponse response = LlmJson.parseChatCompletion(r.body(), baseUrl);
        String content = response.firstContent();
        if (content == null || content.isBlank()) {
            String reason = response.firstFinishReason();
            throw LlmFailure.of(Kind.EMPTY, baseUrl,
                    "the model returned no text" + (reason == null ? "" : " (finish_reason " + reason + ")"));
        }
        return response;
    }

    @Override
    public final ModelList listModels(URI baseUrl) throws LlmFailure {
        return LlmJson.parseModels(call(Endpoint.MODELS, baseUrl, null).body(), baseUrl);
    }

    @Override
    public final LmStudioModelList loadedModels(URI baseUrl) throws LlmFailure {
        return LlmJson.parseLmStudioModels(call(Endpoint.LM_STUDIO_MODELS, baseUrl, null).body(), baseUrl);
    }

    private RawResponse call(Endpoint endpoint, URI baseUrl, String body) throws LlmFailure {
        RawResponse r;
        try {
            r = exchange(endpoint, baseUrl, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmFailure(Kind.IO_ERROR, 0, baseUrl, "interrupted", e);
        } catch (Exception e) {
            throw LlmErrorClassifier.fromException(e, baseUrl);
        }
        if (r.status() < 200 || r.status() > 299) {
            throw LlmErrorClassifier.fromHttp(r.status(), r.body(), baseUrl);
        }
        return r;
    }
}
