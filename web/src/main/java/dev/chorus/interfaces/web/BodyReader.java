package dev.chorus.interfaces.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads one request body without holding a thread, then hands it on exactly once: to the application (the body
 * in memory) or as a JSON refusal (413, 400, or 408 when the deadline passes first).
 *
 * <p>How Payara 6 and Grizzly really behave, and what this class does about each (their sources, read for it):
 * <ul>
 *   <li>{@code isFinished()} means the last byte was <em>received</em>, not that it was read: bytes can still be
 *       buffered. So the body is read while {@code available() > 0}, and only an empty buffer with
 *       {@code isFinished()} ends it. (Ending on {@code isFinished()} alone handed on half-read bodies: 400 "not
 *       valid JSON" for legitimate posts under load.)</li>
 *   <li>Payara calls {@code onAllDataRead} only for a listener that {@code isReady()} registered with Grizzly,
 *       i.e. after {@code isReady()} once answered false. A body already complete when the listener is set gets
 *       {@code onDataAvailable} and nothing more: the end is acted on there too, once.</li>
 *   <li>Payara sets Grizzly's suspend timer (the async timeout) once, when the container's first dispatch exits,
 *       and keeps it running while the dispatched request is answered: as the body deadline it replaced the
 *       answer of any post slower than what was left of it with a 500 (StorageFailureIT holds the database to
 *       show it). So the deadline is a timer of its own, cancelled once the body is in; the async timeout is only
 *       a backstop, {@link #BACKSTOP_MILLIS} later, so that no request can ever be left open. The application
 *       bounds its own work ({@code chorus.post.timeout-seconds}).</li>
 *   <li>A dispatch asked for before the container's dispatch has returned races with Payara's own bookkeeping
 *       of that return. A body that ends while the listener is being set (on the container's thread) is
 *       therefore not dispatched but handed back to {@link BodyDeadlineFilter}, which answers it on that thread.</li>
 * </ul>
 * Callbacks, the deadline and the container's thread may race: {@link #lock} orders them, and {@link #decided}
 * makes the first outcome the only one.
 */
final class BodyReader implements ReadListener, AsyncListener {
    /** How long after the body deadline the container itself ends a request that was never answered. */
    static final long BACKSTOP_MILLIS = 60_000L;
    private static final String TOO_LARGE = "body larger than the limit";

    /** What becomes of the request: its body, or a refusal. */
    record Outcome(byte[] body, int status, String error) {
        static Outcome of(byte[] body) {
            return new Outcome(body, 0, null);
        }

        static Outcome refusal(int status, String error) {
            return new Outcome(null, status, error);
        }

        boolean refused() {
            return body == null;
        }
    }

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AsyncContext async;
    private final ServletInputStream in;
    private final long declared;
    private final int limit;
    private final long deadlineMillis;
    private final String bodyAttribute;
    private final ByteArrayOutputStream body;
    private final byte[] chunk = new byte[8192];
    private final Object lock = new Object();
    /** An outcome was decided (guarded by {@link #lock}). */
    private boolean decided;
    /** The container's thread has left {@link #start}; until then an outcome is parked for it. */
    private boolean callerReturned;
    private Outcome parked;
    private ScheduledFuture<?> deadline;

    BodyReader(HttpServletRequest request, HttpServletResponse response, long declared, int limit,
               long deadlineMillis, String bodyAttribute) throws IOException {
        this.request = request;
        this.response = response;
        this.async = request.startAsync();
        this.in = request.getInputStream();
        this.declared = declared;
        this.limit = limit;
        this.deadlineMillis = deadlineMillis;
        this.bodyAttribute = bodyAttribute;
        this.body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    }

    /**
     * Starts reading on the container's thread. Returns the outcome when the body was decided before this
     * returned (the caller answers it on its own thread); otherwise null, and the outcome is acted on later
     * (dispatched with the body as {@code bodyAttribute}, or refused and completed).
     */
    Outcome start(ScheduledExecutorService timers) {
        async.setTimeout(deadlineMillis + BACKSTOP_MILLIS);
        async.addListener(this);
        synchronized (lock) {
            deadline = timers.schedule(this::deadlinePassed, deadlineMillis, TimeUnit.MILLISECONDS);
        }
        in.setReadListener(this); // may call onDataAvailable on this thread, even to the end of the body
        synchronized (lock) {
            callerReturned = true;
            Outcome outcome = parked;
            parked = null;
            return outcome;
        }
    }

    @Override
    public void onDataAvailable() throws IOException {
        Outcome outcome;
        synchronized (lock) {
            if (decided) {
                return;
            }
            while (true) {
                if (in.available() > 0) {
                    take();
                } else if (in.isFinished()) {
                    outcome = decide(end());
                    break;
                } else if (!in.isReady()) {
                    return; // registered: onDataAvailable or onAllDataRead follows
                }
            }
        }
        act(outcome);
    }

    @Override
    public void onAllDataRead() throws IOException {
        Outcome outcome;
        synchronized (lock) {
            if (decided) {
                return;
            }
            while (in.available() > 0) {
                take(); // bytes that came with the last packet may still be buffered
            }
            outcome = decide(end());
        }
        act(outcome);
    }

    @Override
    public void onError(Throwable t) {
        Outcome outcome;
        synchronized (lock) {
            if (decided) {
                return;
            }
            boolean large = TOO_LARGE.equals(t.getMessage());
            if (!large) {
                OncePerMinute.log("400 body", "request body could not be read: " + t);
            }
            outcome = decide(large ? Outcome.refusal(413, limit == BodyDeadlineFilter.MAX_BODY_BYTES
                    ? "Body larger than 64 KiB" : "Body larger than 64 MiB")
                    : Outcome.refusal(400, "The request body could not be read"));
        }
        act(outcome);
    }

    /** The backstop: only when the deadline's own timer could not act (the container answers 500 otherwise). */
    @Override
    public void onTimeout(AsyncEvent event) {
        deadlinePassed();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        settle();
    }

    @Override
    public void onError(AsyncEvent event) {
        settle();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // the application's dispatch may start async again: nothing to do
    }

    /** Reads what is buffered (never blocks: called only when {@code available() > 0}). */
    private void take() throws IOException {
        int n = in.read(chunk);
        if (n < 0) {
            return;
        }
        if (body.size() + n > limit) {
            // thrown, not answered here: Payara then disables its read handler before calling onError, so no
            // further callback reaches a request that has been answered
            throw new IOException(TOO_LARGE);
        }
        body.write(chunk, 0, n);
    }

    private Outcome end() {
        return declared > 0 && body.size() != declared
                ? Outcome.refusal(400, "The request body is shorter than its Content-Length")
                : Outcome.of(body.toByteArray());
    }

    private void deadlinePassed() {
        Outcome outcome;
        synchronized (lock) {
            if (decided) {
                return;
            }
            OncePerMinute.log("408 body", "request body not complete within " + deadlineMillis + " ms from "
                    + request.getRemoteAddr());
            outcome = decide(Outcome.refusal(408, "The request body did not arrive in time ("
                    + deadlineMillis / 1000 + " s); send it again"));
        }
        act(outcome);
    }

    /**
     * Makes {@code outcome} the request's, with {@link #lock} held: parked for the container's thread while it
     * is still in {@link #start}, else returned to be acted on once the lock is released (completing a request
     * calls into the container, which must never wait for this lock while holding its own).
     */
    private Outcome decide(Outcome outcome) {
        decided = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (!callerReturned) {
            parked = outcome;
            return null;
        }
        return outcome;
    }

    /** Acts on an outcome decided off the container's thread (none when it was parked). */
    private void act(Outcome outcome) {
        if (outcome == null) {
            return;
        }
        if (outcome.refused()) {
            refuseAndComplete(async, response, outcome);
        } else {
            request.setAttribute(bodyAttribute, outcome.body());
            async.dispatch();
        }
    }

    static void refuseAndComplete(AsyncContext async, HttpServletResponse response, Outcome outcome) {
        try {
            refuse(response, outcome.status(), outcome.error());
        } catch (IOException | RuntimeException ignored) {
            // the connection is gone
        }
        async.complete();
    }

    /** The request ended some other way (the client left, the container completed it): no deadline to keep. */
    private void settle() {
        synchronized (lock) {
            decided = true;
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    /** Writes the JSON refusal and closes the connection after it (the rest of the body is not wanted). */
    static void refuse(HttpServletResponse response, int status, String error) throws IOException {
        response.setHeader("Connection", "close");
        response.setDateHeader("Date", System.currentTimeMillis());
        JsonError.write(response, status, error, null);
    }
}
