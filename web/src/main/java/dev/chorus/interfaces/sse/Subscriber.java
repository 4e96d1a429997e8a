package dev.chorus.interfaces.sse;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.interfaces.rest.MessageJson;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open event stream and its own cursor: the timestamp of the last message written to it (or of the last
 * window state it has been brought up to date with). Touched only by its pump's thread once admitted.
 *
 * <p>Bounded memory: the connection is in non-blocking mode (a {@link WriteListener}). The pump writes to it only
 * while {@link ServletOutputStream#isReady()} says the container takes bytes without queueing them up, at most
 * {@code budget} bytes per round, so what this member holds for a client that does not read is at most the
 * container's per-connection write queue plus one write (a chunk of events, {@link RoundWriter}). Nothing is
 * ever queued in the application: the cursor moves only with bytes actually handed to the container, and the
 * rest is read from the board again when the client takes them. A connection that has stopped taking bytes while
 * events wait for it for longer than the stall limit is {@linkplain #stalled dropped}; the client reconnects with
 * {@code Last-Event-ID} and loses nothing.
 */
final class Subscriber implements WriteListener {
    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());
    /** Drafts one stream keeps track of at most (more than a cluster generates at once by far). */
    static final int MAX_DRAFTS_SHOWN = 256;
    /** Restores one stream waits on at most (operators restore a few at a time; the oldest goes past that). */
    static final int MAX_RESTORES_OWED = 256;

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
    /** Drafts this stream has shown whose end it has not written, oldest first. */
    private final Set<String> draftsShown = new LinkedHashSet<>();
    /** The ends of shown drafts still to write, oldest first (a subset of {@link #draftsShown}). */
    private final Map<String, byte[]> endsOwed = new LinkedHashMap<>();
    /**
     * Restored messages newer than the cursor when their {@code restored} event was dealt with: this stream gets
     * each as a {@code message} if this member's window shows it again before the cursor passes it, else as a
     * {@code restored} event once the cursor is past it ({@link #restoresDue}): never neither, never both.
     */
    private final Map<MessageId, Message> restoresOwed = new LinkedHashMap<>();

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

    /**
     * Writes one message event, {@code event} being its encoding ({@link RoundReads#event}); only call when
     * {@link #ready()}. Returns its size, or -1 if the write failed.
     */
    int send(Message message, byte[] event) {
        return send(List.of(message), event);
    }

    /**
     * Writes the message events of {@code messages} (oldest first, none skipped between them) as one write,
     * {@code events} being their encodings joined ({@link RoundWriter}); only call when {@link #ready()}. The
     * cursor moves to the last of them once the bytes are handed over. Returns the size, or -1 if the write failed.
     */
    int send(List<Message> messages, byte[] events) {
        int written = write(events);
        if (written > 0) {
            for (int i = 0; i < messages.size() && !restoresOwed.isEmpty(); i++) {
                restoresOwed.remove(messages.get(i).id()); // shown as a message: no restored event for it
            }
            cursor = messages.get(messages.size() - 1).timestamp();
            upToDate = Math.max(upToDate, cursor);
        }
        return written;
    }

    /**
     * Offers this round's drafts (only call on a stream that {@link #showsDrafts}). Drafts are written only when
     * {@code upToDate} (no stored message waits for this stream: a draft must never take the place of one in the
     * container's buffer), only while the connection takes bytes, and at most {@code budget} bytes a round (the
     * first event always fits); updates that do not go are lost (the next one, or the stored reply, supersedes
     * them). An end is not: the end of a draft this stream has shown is kept until it is written — ends first —
     * so a reader that was not taking bytes when a draft ended still sees it end. What is kept is bounded by the
     * drafts shown and not ended ({@link #MAX_DRAFTS_SHOWN} at most). Drafts never touch the cursor and never
     * count towards the stall that drops a connection.
     */
    void offerDrafts(List<DraftEvent> round, boolean upToDate, int budget) {
        for (DraftEvent event : round) {
            if (event.end() && draftsShown.contains(event.draftId())) {
                endsOwed.put(event.draftId(), event.bytes());
            }
        }
        if (!upToDate || (round.isEmpty() && endsOwed.isEmpty())) {
            return;
        }
        int written = 0;
        for (Iterator<Map.Entry<String, byte[]>> it = endsOwed.entrySet().iterator(); it.hasNext(); ) {
            if (written >= budget || !ready()) {
                return;
            }
            Map.Entry<String, byte[]> owed = it.next();
            int size = write(owed.getValue());
            if (size < 0) {
                return;
            }
            written += size;
            it.remove();
            draftsShown.remove(owed.getKey());
        }
        for (DraftEvent event : round) {
            if (event.end()) {
                continue; // the end of a draft this stream never showed: nothing to take away
            }
            if (written >= budget || !ready()) {
                return;
            }
            int size = write(event.bytes());
            if (size < 0) {
                return;
            }
            written += size;
            showing(event.draftId());
        }
    }

    private void showing(String draftId) {
        if (draftsShown.add(draftId) && draftsShown.size() > MAX_DRAFTS_SHOWN) {
            // Ends that never come (cannot happen while members withdraw their drafts; a bound all the same):
            // forget the oldest; the page drops a draft silent for 45 s by itself.
            Iterator<String> oldest = draftsShown.iterator();
            endsOwed.remove(oldest.next());
            oldest.remove();
        }
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
        restoresOwed.remove(message.id()); // hidden again
    }

    long hiddenSeen() {
        return hiddenSeen;
    }

    /**
     * Writes one {@code hidden} event: no SSE {@code id}, so the browser's Last-Event-ID (the cursor) stays as it is.
     * Returns its size, or -1 if the write failed.
     */
    int sendHidden(HiddenLog.Entry entry) {
        int written = write("event: hidden\ndata: " + MessageJson.hidden(entry.id()) + "\n\n");
        if (written > 0) {
            hiddenSeen = entry.seq();
            restoresOwed.remove(entry.id()); // hidden again before it was shown again
        }
        return written;
    }

    /**
     * Writes one {@code restored} event: the message as the {@code message} event carries it, but no SSE {@code id}
     * (the cursor stays where it is: the message is older than it). Returns its size, or -1 if the write failed.
     */
    int sendRestored(HiddenLog.Entry entry, Message message) {
        int written = write("event: restored\ndata: " + MessageJson.text(message) + "\n\n");
        if (written > 0) {
            hiddenSeen = entry.seq();
        }
        return written;
    }

    /** Marks a visibility event as dealt with without writing it (it does not concern this stream). */
    void passOver(HiddenLog.Entry entry) {
        hiddenSeen = entry.seq();
    }

    /**
     * Deals with the {@code restored} event of a message newer than the cursor: not written now (this member's
     * window may show the message again, and then the stream gets it as a {@code message}), but owed until the
     * cursor is past it ({@link #sendRestoresDue}).
     */
    void owe(HiddenLog.Entry entry, Message message) {
        hiddenSeen = entry.seq();
        restoresOwed.remove(message.id());
        restoresOwed.put(message.id(), message);
        if (restoresOwed.size() > MAX_RESTORES_OWED) {
            restoresOwed.remove(restoresOwed.keySet().iterator().next());
        }
    }

    /** Whether a restore is owed whose message the cursor has passed without writing it. */
    boolean restoresDue() {
        for (Message message : restoresOwed.values()) {
            if (message.timestamp() <= cursor) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes a {@code restored} event for each owed message the cursor has passed (everything up to the cursor
     * has been written, so it will never come as a {@code message} now); false if the connection stopped taking
     * bytes first (the rest stay owed).
     */
    boolean sendRestoresDue() {
        for (Iterator<Message> it = restoresOwed.values().iterator(); it.hasNext(); ) {
            Message message = it.next();
            if (message.timestamp() > cursor) {
                continue;
            }
            if (!ready() || write("event: restored\ndata: " + MessageJson.text(message) + "\n\n") < 0) {
                return false;
            }
            it.remove();
        }
        return true;
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
        return write(event.getBytes(StandardCharsets.UTF_8));
    }

    private int write(byte[] bytes) {
        if (!open()) {
            return -1;
        }
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
