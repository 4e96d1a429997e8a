package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client-independent half of an HTTP {@link LlmTransport}: encoding, decoding and failure classification. A
 * subclass only moves strings: {@link #exchange} sends one request and returns the status and body, or throws what
 * its HTTP client throws (classified by {@link LlmErrorClassifier#fromException}); {@link #open} starts the same
 * request and hands over the body as it arrives, for streamed completions ({@link CompletionStream}).
 *
 * <p>A streamed completion's whole deadline (the read timeout, counted from the request) is enforced by a timer on
 * {@code deadlines} that closes the answer when it passes: the socket's read timeout bounds only each wait for a
 * byte, so a server trickling a byte at a time without a line end would otherwise keep the call (its slot, its
 * lease) for ever. Closing makes the blocked read fail; that failure after the deadline is a
 * {@link Kind#TIMEOUT}. The close runs on {@code closer}, not on the timer's thread: the JDK's
 * {@code HttpURLConnection} streams (under the REST client) lock a read against a close, so the close may wait
 * until the read in progress returns (its next byte, or its read timeout), and must not hold a scheduler thread
 * meanwhile.
 */
public abstract class AbstractHttpLlmTransport implements LlmTransport {
    private static final Logger LOG = Logger.getLogger(AbstractHttpLlmTransport.class.getName());

    private final ScheduledExecutorService deadlines;
    private final Executor closer;

    /**
     * @param deadlines times streamed completions (in the container: a {@code ManagedScheduledExecutorService})
     * @param closer    closes an answer whose deadline passed (may block; in the container a managed executor)
     */
    protected AbstractHttpLlmTransport(ScheduledExecutorService deadlines, Executor closer) {
        this.deadlines = deadlines;
        this.closer = closer;
    }

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

    /** An HTTP answer whose body is still arriving: close it (or its body) when done. */
    public record OpenResponse(int status, String contentType, InputStream body) implements AutoCloseable {
        public OpenResponse {
            body = body == null ? InputStream.nullInputStream() : body;
            contentType = contentType == null ? "" : contentType;
        }

        /** Closes the body; a failure to close changes nothing about an answer already read. */
        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "closing an LLM answer's body", e);
            }
        }

        boolean isEventStream() {
            return contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        }

        String text() throws IOException {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The read timeout of completions: a streamed one must end within it as a whole. */
    protected abstract Duration completionReadTimeout();

    /**
     * Starts {@code POST {base}/chat/completions} with {@code jsonBody} and returns as soon as the status and headers
     * are in, the body still arriving ({@code Accept: text/event-stream, application/json}).
     */
    protected abstract OpenResponse open(URI baseUrl, String jsonBody) throws Exception;

    /**
     * Sends one request.
     *
     * @param jsonBody the JSON body for {@link Endpoint#CHAT_COMPLETIONS}, {@code null} for the GETs
     */
    protected abstract RawResponse exchange(Endpoint endpoint, URI baseUrl, String jsonBody) throws Exception;

    @Override
    public final ChatCompletionResponse chatCompletion(URI baseUrl, ChatCompletionRequest request) throws LlmFailure {
        RawResponse r = call(Endpoint.CHAT_COMPLETIONS, baseUrl, LlmJson.toJson(request));
        return nonEmpty(LlmJson.parseChatCompletion(r.body(), baseUrl), baseUrl);
    }

    private static ChatCompletionResponse nonEmpty(ChatCompletionResponse response, URI baseUrl) throws LlmFailure {
        String content = response.firstContent();
        if (content == null || content.isBlank()) {
            String reason = response.firstFinishReason();
            throw LlmFailure.of(Kind.EMPTY, baseUrl,
                    "the model returned no text" + (reason == null ? "" : " (finish_reason " + reason + ")"));
        }
        return response;
    }

    @Override
    public final ChatCompletionResponse streamChatCompletion(URI baseUrl, ChatCompletionRequest request,
                                                             Consumer<CharSequence> onText) throws LlmFailure {
        long started = System.nanoTime();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> timer = null;
        ChatCompletionResponse response;
        try (OpenResponse r = open(baseUrl, LlmJson.toJson(request))) {
            if (r.status() < 200 || r.status() > 299) {
                throw LlmErrorClassifier.fromHttp(r.status(), r.text(), baseUrl);
            }
            long budget = completionReadTimeout().toNanos() - (System.nanoTime() - started);
            timer = deadlines.schedule(() -> {
                expired.set(true);
                closer.execute(r::close);
            }, Math.max(0, budget), TimeUnit.NANOSECONDS);
            if (r.isEventStream()) {
                response = new CompletionStream(baseUrl, budget, System::nanoTime, onText).read(r.body());
            } else {
                response = LlmJson.parseChatCompletion(r.text(), baseUrl); // a server that does not stream
                if (response.firstContent() != null && !response.firstContent().isEmpty()) {
                    onText.accept(response.firstContent());
                }
            }
        } catch (LlmFailure f) {
            throw expired.get() && f.kind() == Kind.IO_ERROR ? deadlinePassed(baseUrl, f) : f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmFailure(Kind.IO_ERROR, 0, baseUrl, "interrupted", e);
        } catch (Exception e) {
            throw expired.get() ? deadlinePassed(baseUrl, e) : LlmErrorClassifier.fromException(e, baseUrl);
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        return nonEmpty(response, baseUrl);
    }

    /** The deadline timer closed the answer: whatever the read then failed with, the call took too long. */
    private static LlmFailure deadlinePassed(URI baseUrl, Exception cause) {
        return new LlmFailure(Kind.TIMEOUT, 0, baseUrl, "the completion stream outlasted the read timeout", cause);
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
