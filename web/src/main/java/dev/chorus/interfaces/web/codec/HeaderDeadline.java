package dev.chorus.interfaces.web.codec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;

/**
 * A total deadline for each request's headers, from their first byte to the blank line that ends them. The
 * container has none: its idle timeout ({@code timeout-seconds}) restarts with every byte, so a client sending a
 * header byte every 15 s holds a connection for as long as it likes. Past the deadline the connection is
 * handed to {@code onExpiry} (which answers 408 and closes it).
 *
 * <p>Each connection's phase — between requests, in headers, in a body — lives on the connection itself (a
 * Grizzly attribute, gone with it). Connections in headers sit in one set that a single thread sweeps a few
 * times a second: cheaper than a timer per request (scheduled and cancelled for every request, nearly all of
 * which finish their headers in the read that started them), and a deadline a fraction of a second late does
 * not matter. Bodies have their own deadline (interfaces.web.BodyDeadlineFilter), so body bytes start nothing
 * here.
 */
final class HeaderDeadline implements AutoCloseable {
    /** Thrown into the codec when headers complete after their 408 was sent: the codec drops the request. */
    static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Expired() {
            super("request headers completed after their deadline", null, false, false);
        }
    }

    private enum Phase { IDLE, HEADERS, BODY, ANSWERED, UPGRADED }

    private static final class Clock {
        final Connection<?> connection;
        Phase phase = Phase.IDLE;
        long since;

        Clock(Connection<?> connection) {
            this.connection = connection;
        }
    }

    private final Attribute<Clock> clocks = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            HeaderDeadline.class.getName() + ".clock");
    private final Set<Clock> inHeaders = ConcurrentHashMap.newKeySet();
    private final long limitNanos;
    private final Consumer<Connection<?>> onExpiry;
    private final ScheduledExecutorService sweeper;

    HeaderDeadline(long limitMillis, Consumer<Connection<?>> onExpiry) {
        this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
        this.onExpiry = onExpiry;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chorus-header-deadline");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(500, limitMillis / 10));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Bytes arrived (the codec's read thread for this connection): between requests, a header starts. */
    void bytesArrived(Connection<?> connection) {
        Clock clock = clocks.get(connection);
        if (clock == null) {
            clock = new Clock(connection);
            clocks.set(connection, clock);
        }
        synchronized (clock) {
            if (clock.phase == Phase.IDLE) {
                clock.phase = Phase.HEADERS;
                clock.since = System.nanoTime();
                inHeaders.add(clock);
            }
        }
    }

    /** The headers are complete; {@code body}: a body follows (its end is {@link #bodyComplete}). */
    void headersComplete(Connection<?> connection, boolean body) {
        Clock clock = clocks.get(connection);
        if (clock == null) {
            return; // the connection's bytes came before the probe was installed
        }
        synchronized (clock) {
            if (clock.phase == Phase.ANSWERED) {
                throw new Expired();
            }
            if (clock.phase == Phase.UPGRADED) {
                return;
            }
            clock.phase = body ? Phase.BODY : Phase.IDLE;
            inHeaders.remove(clock);
        }
    }

    /**
     * The server accepted a protocol upgrade (101): what follows is not HTTP/1.1, has no headers to time, and
     * never reaches the codec's header parser (a WebSocket, or h2c if it were enabled).
     */
    void upgraded(Connection<?> connection) {
        Clock clock = clocks.get(connection);
        if (clock != null) {
            synchronized (clock) {
                clock.phase = Phase.UPGRADED;
                inHeaders.remove(clock);
            }
        }
    }

    void bodyComplete(Connection<?> connection) {
        Clock clock = clocks.get(connection);
        if (clock != null) {
            synchronized (clock) {
                if (clock.phase == Phase.BODY) {
                    clock.phase = Phase.IDLE;
                }
            }
        }
    }

    /** The codec refused the request and closes the connection: nothing more to time. Returns false if the 408 already went. */
    boolean refused(Connection<?> connection) {
        Clock clock = clocks.get(connection);
        if (clock == null) {
            return true;
        }
        synchronized (clock) {
            boolean answered = clock.phase == Phase.ANSWERED;
            clock.phase = Phase.ANSWERED;
            inHeaders.remove(clock);
            return !answered;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Clock clock : inHeaders) {
            boolean expired;
            synchronized (clock) {
                expired = clock.phase == Phase.HEADERS && now - clock.since > limitNanos && clock.connection.isOpen();
                if (expired) {
                    clock.phase = Phase.ANSWERED;
                }
                if (expired || clock.phase != Phase.HEADERS || !clock.connection.isOpen()) {
                    inHeaders.remove(clock);
                }
            }
            if (expired) {
                try {
                    onExpiry.accept(clock.connection);
                } catch (RuntimeException e) {
                    clock.connection.closeSilently(); // a 408 that cannot be written: the connection goes all the same
                }
            }
        }
    }

    /** Connections now in headers (for tests and metrics). */
    int waiting() {
        return inHeaders.size();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        inHeaders.clear();
    }
}
