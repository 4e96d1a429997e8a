package dev.chorus.interfaces.web;

import dev.chorus.interfaces.HttpSettings;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Slow clients cost a connection, not a thread. Every request body is read here with non-blocking reads (a
 * {@link ReadListener}): the request thread goes back to the pool at once, and a container thread is taken
 * only for the moments bytes arrive. When the whole body is in (at most {@link #MAX_BODY_BYTES}), the request
 * is dispatched again with the body in memory, and the application reads it without ever waiting on the
 * network. A body not complete within {@code chorus.http.body-timeout-millis} (total, however slowly it
 * trickles) is answered 408 with the JSON error, and the connection closed.
 *
 * <p>Why non-blocking reads and not a separate thread pool: a blocking read holds its thread for as long as the
 * client likes (Grizzly's read timeout restarts with every byte), so any pool is exhausted by as many slow
 * clients as it has threads; with non-blocking reads the number of slow bodies is limited only by connections,
 * and polls, posts and the live stream keep the whole HTTP pool.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class BodyDeadlineFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** The largest body any endpoint accepts (docs/api.md: 413 above 64 KiB). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** The one exception: the import of the original's export, with the bot credential only (docs/api.md). */
    public static final int MAX_IMPORT_BYTES = 64 * 1024 * 1024;
    /** The import's upload may be slow (64 MiB); storing it afterwards is bounded by the import itself. */
    static final long IMPORT_TIMEOUT_MILLIS = 30 * 60 * 1000L;
    private static final String BODY = BodyDeadlineFilter.class.getName() + ".body";

    @Inject
    transient HttpSettings settings;

    @Inject
    transient dev.chorus.interfaces.rest.CallerResolver callers;

    @Inject
    transient BodyDeadlineTimer timer;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            Object body = request.getAttribute(BODY);
            if (body instanceof byte[] bytes) {
                request.removeAttribute(BODY);
                AsyncConnections.closeAfterAnswer(response); // see there: Grizzly 4.0.2's kept-alive race
                response.setDateHeader("Date", System.currentTimeMillis());
                SecurityHeaders.add(request, response);
                chain.doFilter(new BufferedBodyRequest(request, bytes), response);
                // The dispatch came from the read callback: if the container still counts the request as
                // asynchronous, its answer would wait for the body deadline and then be replaced by a 500.
                if (request.isAsyncStarted()) {
                    request.getAsyncContext().complete();
                }
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            chain.doFilter(request, response); // never read: whatever body comes is discarded by the container
            return;
        }
        long declared = request.getContentLengthLong();
        String encoding = request.getHeader("Transfer-Encoding");
        boolean chunked = encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        if (declared <= 0 && !chunked) {
            chain.doFilter(request, response);
            return;
        }
        int limit = limit(request);
        if (declared > limit) {
            BodyReader.refuse(response, 413, limit == MAX_BODY_BYTES ? "Body larger than 64 KiB" : "Body larger than 64 MiB");
            return;
        }
        if (declared > 0 && !chunked) {
            // The common case: the whole body came with the headers. Read it here, without waiting and
            // without an asynchronous round trip.
            ServletInputStream in = request.getInputStream();
            if (in.available() >= declared) {
                byte[] body = in.readNBytes((int) declared);
                if (body.length == declared) {
                    chain.doFilter(new BufferedBodyRequest(request, body), response);
                    return;
                }
                BodyReader.refuse(response, 400, "The request body is shorter than its Content-Length");
                return;
            }
        }
        read(request, response, chain, declared, limit);
    }

    /** 64 KiB, but 64 MiB for {@code POST /api/import} with the bot credential (an anonymous import is 401 anyway). */
    private int limit(HttpServletRequest request) {
        return request.getRequestURI().endsWith("/api/import") && callers.resolve(request).bot()
                ? MAX_IMPORT_BYTES : MAX_BODY_BYTES;
    }

    /**
     * The body did not come with the headers: read it without a thread ({@link BodyReader}). A body complete
     * before the listener was even set is answered right here, on the container's thread.
     */
    private void read(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long declared,
                      int limit) throws IOException, ServletException {
        long deadline = limit == MAX_IMPORT_BYTES ? IMPORT_TIMEOUT_MILLIS : settings.bodyTimeoutMillis();
        BodyReader reader = new BodyReader(request, response, declared, limit, deadline, BODY);
        BodyReader.Outcome early = reader.start(timer.timer());
        if (early == null) {
            return; // dispatched or refused later, from a read callback or the deadline
        }
        if (early.refused()) {
            BodyReader.refuseAndComplete(request.getAsyncContext(), response, early);
            return;
        }
        AsyncConnections.closeAfterAnswer(response); // see there: Grizzly 4.0.2's kept-alive race
        try {
            chain.doFilter(new BufferedBodyRequest(request, early.body()), response);
        } finally {
            request.getAsyncContext().complete();
        }
    }
}
