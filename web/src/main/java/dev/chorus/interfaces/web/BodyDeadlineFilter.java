package dev.chorus.interfaces.web;

import dev.chorus.interfaces.HttpSettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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
    /** The import may take long to upload (64 MiB); its processing after that is bounded by itself. */
    static final long IMPORT_TIMEOUT_MILLIS = 30 * 60 * 1000L;
    /** How long after the body deadline the container itself ends a request that was never answered. */
    private static final long BACKSTOP_MILLIS = 60_000L;
    private static final String BODY = BodyDeadlineFilter.class.getName() + ".body";
    private static final String TOO_LARGE = "body larger than the limit";

    @Inject
    transient HttpSettings settings;

    /** Runs the body deadlines (the container's own scheduler: a timer costs no thread while it waits). */
    @Resource
    transient ManagedScheduledExecutorService timers;

    @Inject
    transient dev.chorus.interfaces.rest.CallerResolver callers;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            Object body = request.getAttribute(BODY);
            if (body instanceof byte[] bytes) {
                request.removeAttribute(BODY);
                response.setDateHeader("Date", System.currentTimeMillis());
                SecurityHeaders.add(request, response);
                chain.doFilter(new BufferedBodyRequest(request, bytes), response);
                // The dispatch came from the read callback: if the container still counts the request as
                // asynchronous, its answer would wait until the container noticed.
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
            refuse(response, 413, limit == MAX_BODY_BYTES ? "Body larger than 64 KiB" : "Body larger than 64 MiB");
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
                refuse(response, 400, "The request body is shorter than its Content-Length");
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

    private void read(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long declared,
                      int limit) throws IOException, ServletException {
        AsyncContext async = request.startAsync();
        // The body's deadline is a timer of its own, not the async context's timeout: Payara keeps that one
        // running while the dispatched request is being answered, so an answer slower than what was left of it
        // (a post waiting for the database) was replaced by the container's 500 (SplitBodyIT). The timer ends
        // when the body is in; the application bounds its own work (chorus.post.timeout-seconds). The async
        // timeout is only a backstop a minute later, so that no request can ever be left open.
        long deadlineMillis = limit == MAX_IMPORT_BYTES ? IMPORT_TIMEOUT_MILLIS : settings.bodyTimeoutMillis();
        async.setTimeout(deadlineMillis + BACKSTOP_MILLIS);
        AtomicBoolean done = new AtomicBoolean();
        // A body already complete when the listener is set is finished on this very thread, inside the
        // container's own dispatch: it is answered below, on this thread, rather than by a dispatch asked for
        // before the container's dispatch has returned.
        Thread caller = Thread.currentThread();
        AtomicBoolean callerReturned = new AtomicBoolean();
        AtomicReference<byte[]> inline = new AtomicReference<>();
        ScheduledFuture<?> deadline = timers.schedule(() -> {
            if (done.compareAndSet(false, true)) {
                OncePerMinute.log("408 body", "request body not complete within " + deadlineMillis + " ms from "
                        + request.getRemoteAddr());
                try {
                    refuse(response, 408, "The request body did not arrive in time (" + deadlineMillis / 1000
                            + " s); send it again");
                } catch (IOException | RuntimeException ignored) {
                    // the connection is gone
                }
                async.complete();
            }
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        ServletInputStream in = request.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                // the backstop (above): the container answers 500 and completes
            }

            @Override
            public void onError(AsyncEvent event) {
                done.set(true);
                deadline.cancel(false);
            }

            @Override
            public void onComplete(AsyncEvent event) {
                done.set(true);
                deadline.cancel(false);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // the dispatch after the body is in may start async again (nothing to do)
            }
        });
        in.setReadListener(new ReadListener() {
            private final byte[] chunk = new byte[8192];

            @Override
            public void onDataAvailable() throws IOException {
                // isFinished first: asking isReady() after the last byte registers for one more callback,
                // which the container would deliver after the request is gone.
                while (!done.get() && !in.isFinished() && in.isReady()) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return;
                    }
                    if (body.size() + n > limit) {
                        // answered from onError, which the container calls next on this thread; completing
                        // here would leave the container a callback for a finished request
                        throw new IOException(TOO_LARGE);
                    }
                    body.write(chunk, 0, n);
                }
                // Payara calls onAllDataRead only for a listener it registered with Grizzly, i.e. after isReady()
                // once answered false. When the whole body was already buffered as the listener was set
                // (it arrived between available() above and setReadListener), this callback reads it to the
                // end and no onAllDataRead ever follows: the request waited for the body deadline and got 408
                // (seen in TwoMemberIT). So the end of the body is acted on here too; `done` makes it once.
                if (in.isFinished()) {
                    onAllDataRead();
                }
            }

            @Override
            public void onAllDataRead() {
                if (done.compareAndSet(false, true)) {
                    deadline.cancel(false);
                    if (Thread.currentThread() == caller && !callerReturned.get()) {
                        inline.set(body.toByteArray());
                    } else {
                        request.setAttribute(BODY, body.toByteArray());
                        async.dispatch();
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                if (done.compareAndSet(false, true)) {
                    deadline.cancel(false);
                    boolean large = TOO_LARGE.equals(t.getMessage());
                    if (!large) {
                        OncePerMinute.log("400 body", "request body could not be read: " + t);
                    }
                    try {
                        refuse(response, large ? 413 : 400, large ? "Body larger than 64 KiB" : "The request body could not be read");
                    } catch (IOException | RuntimeException ignored) {
                        // the connection is gone
                    }
                    async.complete();
                }
            }
        });
        byte[] complete = inline.get();
        callerReturned.set(true);
        if (complete != null) {
            try {
                chain.doFilter(new BufferedBodyRequest(request, complete), response);
            } finally {
                async.complete();
            }
        }
    }

    private static void refuse(HttpServletResponse response, int status, String error) throws IOException {
        response.setHeader("Connection", "close");
        response.setDateHeader("Date", System.currentTimeMillis());
        JsonError.write(response, status, error, null);
    }
}
