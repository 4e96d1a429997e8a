package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.CharBuffer;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads a streamed {@code /chat/completions} answer (OpenAI's server-sent chunks: {@code data: {json}} lines whose
 * {@code choices[0].delta.content} add to the text, ended by {@code data: [DONE]}) and reports the text so far after
 * every chunk that added to it. The whole stream must end within the read timeout, as an answer that is not streamed
 * must: the transport's timer closes the answer at the deadline (which ends a read blocked on a line that never
 * ends), and the total is also checked as each line arrives.
 *
 * <p>Bounded memory whatever the server sends: a line longer than {@link #MAX_LINE_CHARS} or a completion longer
 * than {@link #MAX_TEXT_CHARS} is {@link Kind#MALFORMED} (a reply is a few hundred characters; these are far above
 * any real answer and far below what could hurt a member). The text so far is handed over as a read-only view, not a
 * copy per chunk, so that a long answer of small chunks costs its length, not its square.
 *
 * <p>Failures are the non-streamed call's kinds: a stream that ends before {@code [DONE]} and without a
 * {@code finish_reason} was cut ({@link Kind#IO_ERROR}); a chunk that is not JSON, or one without choices, is
 * {@link Kind#MALFORMED}; an {@code error} chunk is classified like an error body; no text at all is
 * {@link Kind#EMPTY} (checked by the transport, as for a non-streamed answer).
 */
final class CompletionStream {
    static final String DONE = "[DONE]";
    private static final String DATA = "data:";
    /** The longest line read: a chunk of one token is ~200 characters of JSON. */
    static final int MAX_LINE_CHARS = 64 * 1024;
    /** The longest completion read (characters of text). */
    static final int MAX_TEXT_CHARS = 256 * 1024;

    private final URI server;
    private final long deadlineNanos;
    private final LongSupplier nanoTime;
    private final Consumer<CharSequence> onText;
    private final StringBuilder text = new StringBuilder();
    private String model;
    private String id;
    private String finishReason;
    private boolean afterCarriageReturn;

    CompletionStream(URI server, long budgetNanos, LongSupplier nanoTime, Consumer<CharSequence> onText) {
        this.server = server;
        this.nanoTime = nanoTime;
        this.deadlineNanos = nanoTime.getAsLong() + budgetNanos;
        this.onText = onText;
    }

    /** Reads {@code body} to its end ({@code [DONE]}); the assembled completion, as a non-streamed answer has it. */
    ChatCompletionResponse read(InputStream body) throws LlmFailure, IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        for (String line = line(lines); line != null; line = line(lines)) {
            if (nanoTime.getAsLong() - deadlineNanos > 0) {
                throw new LlmFailure(Kind.TIMEOUT, 0, server, "the completion stream outlasted the read timeout",
                        new SocketTimeoutException("stream deadline"));
            }
            if (!line.startsWith(DATA)) {
                continue; // blank separators, comments (": ..."), event names and ids carry no text
            }
            String data = line.substring(DATA.length()).strip();
            if (data.equals(DONE)) {
                return assembled();
            }
            if (!data.isEmpty()) {
                chunk(data);
            }
        }
        if (finishReason != null) {
            return assembled(); // a server that ends the stream after its last chunk without [DONE]
        }
        throw LlmFailure.of(Kind.IO_ERROR, server, "the completion stream ended before [DONE] after "
                + text.length() + " characters");
    }

    /**
     * The next line (ended by {@code \n}, {@code \r\n} or {@code \r}, as SSE allows), {@code null} at the end of
     * the stream; at most {@link #MAX_LINE_CHARS} long.
     */
    private String line(BufferedReader in) throws IOException, LlmFailure {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
                continue; // the second half of \r\n
            }
            afterCarriageReturn = c == '\r';
            if (c == '\n' || c == '\r') {
                return line.toString();
            }
            if (line.length() == MAX_LINE_CHARS) {
                throw LlmFailure.of(Kind.MALFORMED, server, "a stream line passed " + MAX_LINE_CHARS + " characters");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private void chunk(String data) throws LlmFailure {
        JsonObject o;
        try (JsonReader reader = Json.createReader(new StringReader(data))) {
            JsonValue v = reader.readValue();
            if (!(v instanceof JsonObject obj)) {
                throw LlmFailure.of(Kind.MALFORMED, server, "a stream chunk is not a JSON object");
            }
            o = obj;
        } catch (JsonException | IllegalStateException e) {
            throw new LlmFailure(Kind.MALFORMED, 0, server, "unparseable stream chunk: "
                    + LlmErrorClassifier.snippet(data), e);
        }
        if (o.containsKey("error")) {
            LlmFailure f = LlmErrorClassifier.fromHttp(200, data, server);
            throw f.kind() == Kind.HTTP_ERROR ? LlmFailure.of(Kind.MALFORMED, server, "error in the stream: " + f.detail()) : f;
        }
        if (o.get("model") instanceof JsonString m) {
            model = m.getString();
        }
        if (o.get("id") instanceof JsonString s) {
            id = s.getString();
        }
        if (!(o.get("choices") instanceof JsonArray choices)) {
            if (o.containsKey("usage")) {
                return; // the usage-only chunk some servers send last
            }
            throw LlmFailure.of(Kind.MALFORMED, server, "no choices in a stream chunk");
        }
        if (choices.isEmpty() || !(choices.get(0) instanceof JsonObject choice)) {
            return;
        }
        if (choice.get("finish_reason") instanceof JsonString reason) {
            finishReason = reason.getString();
        }
        String delta = null;
        if (choice.get("delta") instanceof JsonObject d && d.get("content") instanceof JsonString content) {
            delta = content.getString();
        } else if (choice.get("text") instanceof JsonString legacy) {
            delta = legacy.getString();
        }
        if (delta != null && !delta.isEmpty()) {
            if (text.length() + delta.length() > MAX_TEXT_CHARS) {
                throw LlmFailure.of(Kind.MALFORMED, server, "the completion passed " + MAX_TEXT_CHARS + " characters");
            }
            text.append(delta);
            onText.accept(CharBuffer.wrap(text)); // read-only, no copy
        }
    }

    private ChatCompletionResponse assembled() {
        return new ChatCompletionResponse(id, model, List.of(new ChatCompletionResponse.Choice(0,
                new ChatCompletionResponse.Message("assistant", text.toString()), finishReason)), null);
    }
}
