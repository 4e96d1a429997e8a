package dev.chorus.infrastructure.llm;

import dev.chorus.infrastructure.llm.LlmFailure.Kind;
import jakarta.json.JsonException;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmErrorClassifierTest {
    private static final URI S = URI.create("http://s:1234/v1");

    @Test
    void httpStatuses() {
        LlmFailure nf = LlmErrorClassifier.fromHttp(404,
                "{\"error\":{\"message\":\"model 'ghost' not found\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}", S);
        assertEquals(Kind.MODEL_NOT_FOUND, nf.kind());
        assertEquals(404, nf.httpStatus());
        assertEquals("model not found (HTTP 404): model 'ghost' not found (http://s:1234/v1)", nf.getMessage());
        assertFalse(nf.isServerFault());
        assertTrue(PooledLanguageModel.error(nf).countsAsAttempt());

        assertEquals(Kind.MODEL_NOT_FOUND, LlmErrorClassifier.fromHttp(404, "{\"error\":\"Model ghost not found\"}", S).kind());
        assertEquals(Kind.MODEL_NOT_FOUND, LlmErrorClassifier.fromHttp(400,
                "{\"error\":{\"message\":\"No models loaded. Please load a model first.\"}}", S).kind());
        assertEquals(Kind.HTTP_ERROR, LlmErrorClassifier.fromHttp(404, "Unexpected endpoint or method.", S).kind());

        LlmFailure loading = LlmErrorClassifier.fromHttp(503,
                "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}", S);
        assertEquals(Kind.LOADING, loading.kind());
        assertFalse(loading.isServerFault());
        assertEquals(Kind.HTTP_ERROR, LlmErrorClassifier.fromHttp(503, "Service Unavailable", S).kind());

        LlmFailure boom = LlmErrorClassifier.fromHttp(500, "<html>  Internal\n\nError </html>", S);
        assertEquals(Kind.HTTP_ERROR, boom.kind());
        assertEquals(500, boom.httpStatus());
        assertEquals("HTTP 500: <html> Internal Error </html> (http://s:1234/v1)", boom.getMessage());
        assertTrue(boom.isServerFault());

        LlmFailure bad = LlmErrorClassifier.fromHttp(400, "{\"error\":\"bad request\"}", S);
        assertFalse(bad.isServerFault());
    }

    @Test
    void exceptionsThroughWrappers() {
        assertEquals(Kind.CONNECTION_REFUSED,
                LlmErrorClassifier.fromException(new ProcessingException(new ConnectException("Connection refused")), S).kind());
        assertEquals(Kind.TIMEOUT,
                LlmErrorClassifier.fromException(new ProcessingException(new SocketTimeoutException("Read timed out")), S).kind());
        assertEquals(Kind.TIMEOUT,
                LlmErrorClassifier.fromException(new ProcessingException(new SocketTimeoutException("connect timed out")), S).kind());
        assertEquals(Kind.TIMEOUT, LlmErrorClassifier.fromException(new HttpTimeoutException("request timed out"), S).kind());
        assertEquals(Kind.TIMEOUT, LlmErrorClassifier.fromException(new HttpConnectTimeoutException("x"), S).kind());
        assertEquals(Kind.TIMEOUT, LlmErrorClassifier.fromException(new ConnectException("Connection timed out"), S).kind());
        assertEquals(Kind.UNREACHABLE,
                LlmErrorClassifier.fromException(new ProcessingException(new UnknownHostException("nowhere.test")), S).kind());
        assertEquals(Kind.MALFORMED,
                LlmErrorClassifier.fromException(new ProcessingException(new JsonException("Unexpected char")), S).kind());
        assertEquals(Kind.IO_ERROR, LlmErrorClassifier.fromException(new IOException("Connection reset"), S).kind());
        assertEquals(Kind.IO_ERROR, LlmErrorClassifier.fromException(new IllegalStateException("weird"), S).kind());

        LlmFailure refused = LlmErrorClassifier.fromException(new ConnectException("Connection refused"), S);
        assertEquals("connection refused: Connection refused (http://s:1234/v1)", refused.getMessage());
        assertTrue(refused.isServerFault());
        LlmFailure original = LlmFailure.of(Kind.EMPTY, S, "x");
        assertSame(original, LlmErrorClassifier.fromException(new RuntimeException(original), S));
    }

    @Test
    void messagesAreBounded() {
        LlmFailure f = LlmErrorClassifier.fromHttp(500, "{\"error\":\"" + "x".repeat(5000) + "\"}", S);
        assertTrue(f.getMessage().length() <= LlmFailure.MAX_MESSAGE, () -> "" + f.getMessage().length());
        assertTrue(f.getMessage().endsWith("(http://s:1234/v1)"));
        assertFalse(PooledLanguageModel.error(LlmFailure.of(Kind.NO_SERVER, null, "none")).countsAsAttempt());
        assertFalse(PooledLanguageModel.error(LlmFailure.of(Kind.BUSY, null, "busy")).countsAsAttempt());
    }
}
