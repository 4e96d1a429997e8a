package dev.chorus.domain.bot;

import java.util.Locale;
import java.util.Objects;

/**
 * Why asking the LLM for a persona's reply gave no completion, as the bot's rules see it: what went wrong and the
 * text for the message's {@code lastError}. The LLM adapter classifies its transport's failures into these kinds;
 * the bot only needs to know whether the call reached a server ({@link #countsAsAttempt()}).
 *
 * @param kind    what went wrong
 * @param message the text for {@code lastError} (e.g. {@code "model not found: model 'x' not found (http://…/v1)"});
 *                blank becomes the kind's name
 */
public record LlmError(Kind kind, String message) {

    /** What went wrong. */
    public enum Kind {
        /** The server does not have the model. */
        MODEL_NOT_FOUND,
        /** The model is still loading. */
        LOADING,
        /** Nothing listens at the server's address. */
        CONNECTION_REFUSED,
        /** The host cannot be resolved or reached. */
        UNREACHABLE,
        /** Connect or read timed out. */
        TIMEOUT,
        /** Any other non-2xx answer. */
        HTTP_ERROR,
        /** A 2xx whose body is not the completion expected. */
        MALFORMED,
        /** A well-formed completion with no text. */
        EMPTY,
        /** Another I/O problem (connection reset, interrupted, ...). */
        IO_ERROR,
        /** No server could take the call: none configured, all down, or all breakers open. */
        NO_SERVER,
        /** Every usable server's slots stayed taken for the whole wait. */
        BUSY
    }

    public LlmError {
        Objects.requireNonNull(kind, "kind");
        if (message == null || message.isBlank()) {
            message = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * Whether this spends one of the message's bounded attempts. {@link Kind#NO_SERVER} and {@link Kind#BUSY} mean
     * the call never reached a server: the work waits for capacity without spending an attempt.
     */
    public boolean countsAsAttempt() {
        return kind != Kind.NO_SERVER && kind != Kind.BUSY;
    }
}
