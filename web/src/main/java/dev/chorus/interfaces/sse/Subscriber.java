package dev.chorus.interfaces.sse;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.bot.ReplyDraft;
import dev.chorus.interfaces.rest.DraftJson;
import dev.chorus.interfaces.rest.MessageJson;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open event stream and its own cursor: the timestamp of the last message written to it (or of the last
 * window state it has been brought up to date with). Touched only by the hub's pump thread once admitted.
 *
 * <p>Bounded memory: the connection is in non-blocking mode (a {@link WriteListener}). The pump writes to it only
 * while {@link ServletOutputStream#isReady()} says the container takes bytes without queueing them up, at most
 * {@code budget} bytes per round, so what this member holds for a client that does not read is at most the
 * container's per-connection write queue plus one event. Nothing is ever queued in the application: the cursor
 * moves only with bytes actually handed to the container, and the rest is read from the board again when the
 * client takes them. A connection that has stopped taking bytes while events wait for it for longer than the
 * stall limit is {@linkplain #stalled dropped}; the client reconnects with {@code Last-Event-ID} and loses nothing.
 */
final class Subscriber implements WriteListener {
    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final MessageType type;
    private final String address;
    private final Runnable wakeUp;
    /** Everything of this subscriber's type with a timestamp &lt;= cursor has been sent. */
    private long cursor;
    /** Everything of its type up to this newest timestamp has been sent (skip the read until the window moves). */
    private long upToDate;
    /** The number of the last {@link HiddenLog} event written to it. */
    private long hiddenSeen;
    private long lastWriteNanos;
    /** When the connection was first seen not taking bytes while events waited; 0 while it keeps up. */
    private long blockedSinceNanos;
    private boolean unflushed;
    private volatile boolean failed;
    private volatile boolean closed;

    Subscriber(AsyncContext async, long cursor, long hiddenSeen, MessageType type, String address, Runnable wakeUp)
            throws IOException {
        this.async = async;
        this.hiddenSeen = hiddenSeen;
        this.out = async.getResponse().getOutputStream();
        this.cursor = cursor;
        this.upToDate = cursor;
        this.type = type;
        this.address = address;
        this.wakeUp = wakeUp;
        this.lastWriteNanos = System.nanoTime();
    }

    /** Switches the connection to non-blocking writes; the container calls back when it can take more. */
    void start() {
        out.setWriteListener(this);
    }

    long cursor() {
        return cursor;
    }

    MessageType type() {
        return type;
    }

    String address() {
        return address;
    }

    boolean needsRead(long newest) {
        return newest > upToDate;
    }

    void upToDate(long newest) {
        upToDate = Math.max(upToDate, Math.max(newest, cursor));
    }

    boolean open() {
        return !failed && !closed;
    }

    /** True when the container takes bytes for this connection now (flushing what was left unflushed first). */
    boolean ready() {
        if (!open()) {
            return false;
        }
        try {
            if (!out.isReady()) {
                return false;
            }
            if (unflushed) {
                unflushed = false;
                out.flush();
                return out.isReady();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            failed = true;
            return false;
        }
    }

    /** Events wait for this connection but it does not take them: remember since when. */
    void blocked(long now) {
        if (blockedSinceNanos == 0) {
            blockedSinceNanos = now;
        }
    }

    void keptUp() {
        blockedSinceNanos = 0;
    }

    boolean stalled(long limitNanos, long now) {
        return blockedSinceNanos != 0 && now - blockedSinceNanos >= limitNanos;
    }

    /** Writes one message event (only call when {@link #ready()}); returns its size, or -1 if the write failed. */
    int send(Message message) {
        String id = Long.toString(message.timestamp());
        int written = write("event: message\nid: " + id + "\ndata: " + MessageJson.text(message) + "\n\n");
        if (written > 0) {
            cursor = message.timestamp();
            upToDate = Math.max(upToDate, cursor);
        }
        return written;
    }

    /**
     * Writes one draft event (only call when {@link #ready()}): no SSE {@code id}, so a draft never moves the
     * browser's {@code Last-Event-ID}, and the cursor stays where the messages put it.
     */
    void send(ReplyDraft draft) {
        write("event: " + DraftJson.eventName(draft) + "\ndata: " + DraftJson.text(draft) + "\n\n");
    }

    /** Whether this stream shows drafts: replies are {@code AI} messages, so not to a stream of human ones only. */
    boolean showsDrafts() {
        return type == null || type == MessageType.AI;
    }

    /**
     * Passes over a message an operator hid after this member's window showed it: the cursor moves on (the
     * message keeps its timestamp, so nothing after it is skipped), nothing is written.
     */
    void skip(Message message) {
        cursor = message.timestamp();
        upToDate = Math.max(upToDate, cursor);
    }

    long hiddenSeen() {
        return hiddenSeen;
    }

    /**
     * Writes one {@code hidden} event: no SSE {@code id}, so the browser's Last-Event-ID (the cursor) stays as it is.
     * Returns its size, or -1 if the write failed.
     */
    int sendHidden(HiddenLog.Entry entry) {
        int written = write("event: hidden\ndata: " + jakarta.json.Json.createObjectBuilder().add("id", entry.id().value()).build() + "\n\n");
        if (written > 0) {
            hiddenSeen = entry.seq();
        }
        return written;
    }

    void comment(String text) {
        write(": " + text + "\n\n");
    }

    boolean idleFor(long nanos, long now) {
        return now - lastWriteNanos >= nanos;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            async.complete();
        } catch (RuntimeException e) {
            LOG.log(Level.FINEST, "closing a stream", e);
        }
    }

    private int write(String event) {
        if (!open()) {
            return -1;
        }
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
            lastWriteNanos = System.nanoTime();
            if (out.isReady()) {
                out.flush();
            } else {
                unflushed = true; // the container holds it; flushed once the client reads (see ready())
            }
            return bytes.length;
        } catch (IOException | RuntimeException e) {
            failed = true;
            return -1;
        }
    }

    @Override
    public void onWritePossible() {
        wakeUp.run();
    }

    @Override
    public void onError(Throwable t) {
        failed = true;
        wakeUp.run();
    }
}
