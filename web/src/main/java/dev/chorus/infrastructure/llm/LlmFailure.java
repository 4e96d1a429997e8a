package dev.chorus.infrastructure.llm;

import java.io.Serial;
import java.net.URI;

/**
 * Why a call to an LLM server did not produce a usable completion. {@link #getMessage()} is the text for a message's
 * {@code lastError} (at most {@value #MAX_MESSAGE} characters), e.g.
 * {@code "model not found: model 'x' not found (http://127.0.0.1:1234/v1)"}. The bot sees it as the domain's
 * {@link dev.chorus.domain.bot.LlmError} ({@link PooledLanguageModel}), which says whether it spends an attempt.
 */
public final class LlmFailure extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;
    public static final int MAX_MESSAGE = 500;

    /** What went wrong. */
    public enum Kind {
        /** The server does not have the model (404 {@code model_not_found}, or "no models loaded"). */
        MODEL_NOT_FOUND("model not found"),
        /** The model is still loading (503 "loading"). */
        LOADING("model loading"),
        /** Nothing listens at the server's address. */
        CONNECTION_REFUSED("connection refused"),
        /** The host cannot be resolved or reached. */
        UNREACHABLE("server unreachable"),
        /** Connect or read timed out. */
        TIMEOUT("timed out"),
        /** Any other non-2xx status ({@link #httpStatus()}). */
        HTTP_ERROR("HTTP error"),
        /** A 2xx whose body is not the JSON expected (unparseable, no choices). */
        MALFORMED("malformed response"),
        /** A well-formed completion with no text. */
        EMPTY("empty completion"),
        /** Another I/O problem (connection reset, interrupted, ...). */
        IO_ERROR("I/O error"),
        /** No server could take the call: none configured, all down, or all breakers open. */
        NO_SERVER("no LLM server available"),
        /** Every usable server's slots stayed taken for the whole wait. */
        BUSY("all LLM servers busy");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final int httpStatus;
    private final URI server;
    private final String detail;

    public LlmFailure(Kind kind, int httpStatus, URI server, String detail, Throwable cause) {
        super(format(kind, httpStatus, server, detail), cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.server = server;
        this.detail = detail;
    }

    public static LlmFailure of(Kind kind, URI server, String detail) {
        return new LlmFailure(kind, 0, server, detail, null);
    }

    public static LlmFailure http(Kind kind, int status, URI server, String detail) {
        return new LlmFailure(kind, status, server, detail, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status when the server answered with one, else 0. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server's base URL, when one was involved. */
    public URI server() {
        return server;
    }

    public String detail() {
        return detail;
    }

    /** The same failure attributed to {@code baseUrl}. */
    public LlmFailure withServer(URI baseUrl) {
        return baseUrl == null || baseUrl.equals(server) ? this : new LlmFailure(kind, httpStatus, baseUrl, detail, getCause());
    }

    /**
     * Whether this says the server is broken, so it counts towards the server's circuit breaker: refused, unreachable,
     * timed out, I/O error, malformed response, or a 5xx other than "loading". A server that answered coherently
     * (model not found, loading, an empty completion, a 4xx) is working.
     */
    public boolean isServerFault() {
        return switch (kind) {
            case CONNECTION_REFUSED, UNREACHABLE, TIMEOUT, IO_ERROR, MALFORMED -> true;
            case HTTP_ERROR -> httpStatus >= 500 || httpStatus == 0;
            default -> false;
        };
    }

    private static String format(Kind kind, int status, URI server, String detail) {
        StringBuilder sb = new StringBuilder(kind == Kind.HTTP_ERROR && status > 0 ? "HTTP " + status : kind.label());
        if (status > 0 && kind != Kind.HTTP_ERROR) {
            sb.append(" (HTTP ").append(status).append(')');
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(": ").append(detail.strip().replaceAll("\\s+", " "));
        }
        String where = server == null ? "" : " (" + server + ")";
        int room = MAX_MESSAGE - where.length();
        if (sb.length() > room) {
            sb.setLength(Math.max(0, room - 1));
            sb.append('…');
        }
        return sb + where;
    }
}
