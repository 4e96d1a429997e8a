package dev.chorus.interfaces.sse;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.interfaces.rest.MessageJson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open event stream and its own cursor: the timestamp of the last message sent to it (or of the last
 * window state it has been brought up to date with). Touched only by the hub's pump thread once admitted.
 */
final class Subscriber {
    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());

    private final SseEventSink sink;
    private final Sse sse;
    private final MessageType type;
    /** Everything of this subscriber's type with a timestamp &lt;= cursor has been sent. */
    private long cursor;
    /** Everything of its type up to this newest timestamp has been sent (skip the read until the window moves). */
    private long upToDate;
    private long lastWriteNanos;
    private volatile boolean failed;

    Subscriber(SseEventSink sink, Sse sse, long cursor, MessageType type) {
        this.sink = sink;
        this.sse = sse;
        this.cursor = cursor;
        this.upToDate = cursor;
        this.type = type;
        this.lastWriteNanos = System.nanoTime();
    }

    long cursor() {
        return cursor;
    }

    MessageType type() {
        return type;
    }

    boolean needsRead(long newest) {
        return newest > upToDate;
    }

    void upToDate(long newest) {
        upToDate = Math.max(upToDate, Math.max(newest, cursor));
    }

    boolean open() {
        return !failed && !sink.isClosed();
    }

    /** Sends one message; the cursor moves only when the write succeeded. */
    boolean send(Message message) {
        String id = Long.toString(message.timestamp());
        boolean sent = write(sse.newEventBuilder().name("message").id(id)
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, MessageJson.text(message)).build());
        if (sent) {
            cursor = message.timestamp();
            upToDate = Math.max(upToDate, cursor);
        }
        return sent;
    }

    void comment(String text) {
        write(sse.newEventBuilder().comment(text).build());
    }

    boolean idleFor(long nanos, long now) {
        return now - lastWriteNanos >= nanos;
    }

    void close() {
        failed = true;
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINEST, "closing a stream", e);
        }
    }

    private boolean write(OutboundSseEvent event) {
        if (!open()) {
            return false;
        }
        try {
            CompletionStage<?> stage = sink.send(event);
            stage.whenComplete((ignored, error) -> {
                if (error != null) {
                    failed = true;
                }
            });
            lastWriteNanos = System.nanoTime();
            return !stage.toCompletableFuture().isCompletedExceptionally() && !failed;
        } catch (RuntimeException e) {
            failed = true;
            return false;
        }
    }
}
