package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Turns what an HTTP client reports into an {@link LlmFailure}, for any client: an HTTP status with its body, or an
 * exception (walking the cause chain, so a JAX-RS {@code ProcessingException} wrapping a
 * {@link ConnectException} is a refused connection).
 */
public final class LlmErrorClassifier {
    private static final int SNIPPET = 200;

    private LlmErrorClassifier() {
    }

    /**
     * A non-2xx answer. {@code model_not_found} as the error code (any status), or a 404 whose message says a model
     * was not found, or "no models loaded": {@link Kind#MODEL_NOT_FOUND}. A 503 mentioning loading:
     * {@link Kind#LOADING}. Otherwise {@link Kind#HTTP_ERROR} with the server's message.
     */
    public static LlmFailure fromHttp(int status, String body, URI server) {
        LlmJson.ErrorInfo info = LlmJson.errorInfo(body);
        String message = info.message() != null ? info.message() : snippet(body);
        String lower = (message == null ? "" : message).toLowerCase(Locale.ROOT);
        String code = info.code() == null ? "" : info.code().toLowerCase(Locale.ROOT);
        String type = info.type() == null ? "" : info.type().toLowerCase(Locale.ROOT);
        if (code.equals("model_not_found") || type.equals("model_not_found")
                || (status == 404 && lower.contains("model") && lower.contains("not found"))
                || lower.contains("no models loaded")) {
            return LlmFailure.http(Kind.MODEL_NOT_FOUND, status, server, message);
        }
        if (status == 503 && (lower.contains("loading") || code.contains("loading") || type.contains("loading"))) {
            return LlmFailure.http(Kind.LOADING, status, server, message);
        }
        return LlmFailure.http(Kind.HTTP_ERROR, status, server, message);
    }

    /** A thrown exception: refused, unreachable, timeout, malformed JSON, or another I/O error. */
    public static LlmFailure fromException(Throwable thrown, URI server) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 12; depth++, t = t.getCause()) {
            if (t instanceof LlmFailure f) {
                return f.withServer(server);
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new LlmFailure(Kind.TIMEOUT, 0, server, "connect timed out", thrown);
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return new LlmFailure(Kind.TIMEOUT, 0, server, message(t), thrown);
            }
            if (t instanceof ConnectException) {
                String m = message(t);
                Kind kind = m.toLowerCase(Locale.ROOT).contains("timed out") ? Kind.TIMEOUT : Kind.CONNECTION_REFUSED;
                return new LlmFailure(kind, 0, server, m, thrown);
            }
            if (t instanceof UnknownHostException) {
                return new LlmFailure(Kind.UNREACHABLE, 0, server, "unknown host " + message(t), thrown);
            }
            if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
                return new LlmFailure(Kind.UNREACHABLE, 0, server, message(t), thrown);
            }
            String name = t.getClass().getName();
            if (name.startsWith("jakarta.json.") || name.startsWith("javax.json.")) {
                return new LlmFailure(Kind.MALFORMED, 0, server, message(t), thrown);
            }
        }
        for (t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
                return new LlmFailure(Kind.IO_ERROR, 0, server, "interrupted", thrown);
            }
            if (t instanceof IOException) {
                return new LlmFailure(Kind.IO_ERROR, 0, server, message(t), thrown);
            }
        }
        return new LlmFailure(Kind.IO_ERROR, 0, server, message(thrown), thrown);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "…";
    }
}
