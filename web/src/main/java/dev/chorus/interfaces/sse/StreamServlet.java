package dev.chorus.interfaces.sse;

import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.MessageType;
import dev.chorus.interfaces.rest.CallerResolver;
import dev.chorus.interfaces.rest.CorsPolicy;
import dev.chorus.interfaces.rest.Queries;
import dev.chorus.interfaces.web.AsyncConnections;
import dev.chorus.interfaces.web.JsonError;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/stream?after=<ms>&type=human|AI}: one {@code message} event per new message, SSE id = its
 * timestamp. The start cursor is {@code Last-Event-ID} when the client sends a valid one (a browser reconnecting
 * repeats the original {@code ?after=}, so the header must win), else {@code after}, else the newest message
 * now (only new messages). The connection is answered at once with a comment so the headers reach the client
 * immediately; from then on only the hub's pump writes to it.
 *
 * <p>A plain asynchronous servlet (the exact path wins over the JAX-RS mapping {@code /api/*}), not a JAX-RS
 * {@code SseEventSink}: the sink writes blocking and queues events without bound, while here the connection is
 * written non-blocking and only as fast as the client reads (see {@link Subscriber}).
 */
@WebServlet(urlPatterns = StreamServlet.PATH, asyncSupported = true)
public class StreamServlet extends HttpServlet {
    /** Where live push is served (the application is deployed at the root). */
    public static final String PATH = "/api/stream";
    private static final long serialVersionUID = 1L;
    static final String LAST_EVENT_ID = "Last-Event-ID";
    /** Seconds a refused client is told to wait. */
    static final int RETRY_AFTER_SECONDS = 10;
    /**
     * The container's response buffer for a stream: its smallest (Grizzly's floor is 512 bytes). The container
     * copies a write no bigger than its buffer into a buffer of that size it allocates for the write, and hands a
     * bigger one to the socket as it is. With the default 8 KiB, each event to each connection allocated 8 KiB
     * (thread dumps of the fan-out benchmark: the pumps in {@code HeapMemoryManager.allocate}; 10,000 readers made
     * 80 MB of garbage per post in a 512 MB heap). A stream is flushed after every write anyway, so a larger
     * buffer never gathered anything.
     */
    static final int RESPONSE_BUFFER_BYTES = 512;

    @Inject
    transient StreamHub hub;

    @Inject
    transient CallerResolver callers;

    @Inject
    transient CorsPolicy cors;

    /** Only GET (and HEAD/OPTIONS): anything else is a 405 with the JSON error. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws jakarta.servlet.ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            super.service(request, response);
        } else {
            response.setHeader("Allow", "GET, OPTIONS");
            JsonError.write(response, 405, "Method not allowed", null);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        cors.addHeaders(request.getHeader("Origin"), response::setHeader);
        MessageType type;
        Long cursor;
        try {
            type = Queries.type(request.getParameter("type"));
            cursor = lastEventId(request.getHeader(LAST_EVENT_ID));
            String after = request.getParameter("after");
            if (cursor == null && after != null && !after.isBlank()) {
                cursor = Queries.cursor(after);
            }
        } catch (InvalidMessageException e) {
            JsonError.write(response, 400, e.getMessage(), e.field());
            return;
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setBufferSize(RESPONSE_BUFFER_BYTES);
        AsyncConnections.closeAfterAnswer(response); // a reconnect after the stream ends: see there
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the stream lives until the client goes or is dropped
        try {
            hub.subscribe(async, cursor, type, callers.resolve(request).address());
        } catch (StreamLimitException e) {
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", null);
            JsonError.write(response, 503, e.getMessage(), null);
            async.complete();
        } catch (IOException | RuntimeException e) {
            async.complete();
            throw e;
        }
    }

    /** A Last-Event-ID we did not issue (not a non-negative number) is ignored, not an error. */
    static Long lastEventId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank() || lastEventId.length() > 19) {
            return null;
        }
        try {
            long value = Long.parseLong(lastEventId.trim());
            return value < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
