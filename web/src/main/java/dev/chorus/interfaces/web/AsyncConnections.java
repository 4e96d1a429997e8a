package dev.chorus.interfaces.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Every request that goes asynchronous — a body read by {@link BodyReader}, a live stream — is answered with
 * {@code Connection: close}, so that its client sends its next request on a new connection.
 *
 * <p>Why: Grizzly 4.0.2 (Payara 6's) may take a request that arrives on a connection while an asynchronous request
 * on it is still being finished for part of that request (eclipse-ee4j/glassfish-grizzly#2228, fixed in Grizzly
 * 5): the new request's body went to the recycled one, and it was answered 408, or never, or its connection was
 * dropped. Seen in CI (a POST unanswered for 30 s; another whose connection closed without an answer, with
 * Grizzly's {@code requestExecutorProvider is null} in the log) and by BodyFramingIT's kept-alive clients (a 408
 * for a body sent 2 ms after its headers, once in 2,400 posts). A new connection costs one handshake; a lost post
 * is worse. Bodies that come with their headers (most clients, and wrk) are read at once, never asynchronously,
 * and keep their connection.
 */
public final class AsyncConnections {
    private AsyncConnections() {
    }

    /** Marks {@code response} to close its connection once it is sent; call before anything is committed. */
    public static void closeAfterAnswer(HttpServletResponse response) {
        response.setHeader("Connection", "close");
    }
}
