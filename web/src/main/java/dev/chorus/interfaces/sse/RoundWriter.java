package dev.chorus.interfaces.sse;

import dev.chorus.domain.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one subscriber's messages of a round in as few container writes as it can: consecutive events go out as
 * one buffer of at most {@code chunkBytes} (one {@code write} and one {@code flush}, so one pass through the
 * container's filter chain and one {@code write(2)}), where there used to be one per event.
 *
 * <p>Why: measured (docs/performance.md, "Ten thousand live readers"), the pump spent its time in the
 * container's write path, once per event and connection. A reader that is up to date gets one event per post and
 * gains nothing, but one that catches up (a reconnect with {@code Last-Event-ID}, a page opened on an old
 * cursor, a reader that never reads and whose socket buffer takes a few hundred KB before the container says it
 * is full) got up to {@code chorus.stream.batch} writes per round, each as costly as a live reader's.
 *
 * <p>Bounds and exactness are those of single writes: a chunk is written only while the connection
 * {@linkplain Subscriber#ready() takes bytes}, so the container holds at most its write queue plus one chunk
 * ({@code chunkBytes} is that queue's size, or one event if an event is bigger); the cursor moves to a chunk's last
 * message only once the chunk is handed over, and a hidden message is passed over only after everything before it
 * has been. One per pump, used on its thread only; the event buffers it joins are not its own (they are shared by
 * the round), the joined one is new for each write because the container may keep it until the socket takes it.
 */
final class RoundWriter {
    private final int chunkBytes;
    private final List<Message> messages = new ArrayList<>();
    private final List<byte[]> events = new ArrayList<>();
    private int pending;
    private int written;

    RoundWriter(int chunkBytes) {
        this.chunkBytes = chunkBytes;
    }

    /**
     * Writes {@code found} (newest first, as {@link RoundReads#after} answers) oldest first, while the subscriber
     * takes bytes and until {@code budget} bytes; only call when it is {@linkplain Subscriber#ready() ready}.
     * True if every message was written or passed over; {@link #written()} says how many bytes went.
     */
    boolean write(Subscriber subscriber, List<Message> found, RoundReads reads, int budget) {
        written = 0;
        clear();
        for (int i = found.size() - 1; i >= 0; i--) {
            if (written + pending >= budget) {
                flush(subscriber);
                return false;
            }
            Message message = found.get(i);
            byte[] event = reads.event(message);
            if (event == RoundReads.HIDDEN) {
                if (!flush(subscriber)) {
                    return false;
                }
                subscriber.skip(message);
                continue;
            }
            if (pending > 0 && pending + event.length > chunkBytes
                    && (!flush(subscriber) || written >= budget || !subscriber.ready())) {
                return false;
            }
            messages.add(message);
            events.add(event);
            pending += event.length;
        }
        return flush(subscriber);
    }

    /** Bytes the last {@link #write} handed to the container. */
    int written() {
        return written;
    }

    private boolean flush(Subscriber subscriber) {
        if (pending == 0) {
            return true;
        }
        byte[] bytes = events.size() == 1 ? events.get(0) : joined();
        int size = subscriber.send(messages, bytes);
        clear();
        if (size < 0) {
            return false;
        }
        written += size;
        return true;
    }

    private byte[] joined() {
        byte[] bytes = new byte[pending];
        int at = 0;
        for (byte[] event : events) {
            System.arraycopy(event, 0, bytes, at, event.length);
            at += event.length;
        }
        return bytes;
    }

    private void clear() {
        messages.clear();
        events.clear();
        pending = 0;
    }
}
