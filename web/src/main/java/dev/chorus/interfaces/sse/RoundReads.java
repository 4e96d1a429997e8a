package dev.chorus.interfaces.sse;

import dev.chorus.application.BoardFeed;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.interfaces.rest.MessageJson;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pump round reads and encodes, shared by the subscribers that need the same: most live readers sit at
 * the same cursor (the newest message), so without this a post reached by 10,000 readers was read from the window
 * and encoded as JSON 10,000 times. Now each distinct (cursor, type) is read once and each message encoded once
 * per round. Exactness is unchanged: a read shared by two subscribers at the same cursor is what either would have
 * read (everything after that cursor, taken after the round's {@code newest}), and what arrived after it goes in
 * the next round, which its change notification causes. Lives for one round only, on one pump's thread.
 *
 * <p>Whether a message is hidden is also looked up once per round ({@link #HIDDEN}): the log is shared by every
 * pump behind one lock, and asking it once per subscriber made the pumps queue on it. A hide heard during the
 * round reaches the subscribers that were already sent the message as a {@code hidden} event in the next round,
 * exactly as for one heard just after the round.
 */
final class RoundReads {
    /** What {@link #event} answers for a message operators have hidden: pass over it, write nothing. */
    static final byte[] HIDDEN = new byte[0];

    private record Read(long cursor, MessageType type) {
    }

    private final BoardFeed feed;
    private final HiddenLog hidden;
    private final int batch;
    private final Map<Read, List<Message>> reads = new HashMap<>();
    private final Map<Long, byte[]> events = new HashMap<>();

    RoundReads(BoardFeed feed, HiddenLog hidden, int batch) {
        this.feed = feed;
        this.hidden = hidden;
        this.batch = batch;
    }

    /** {@link BoardFeed#after} of {@code cursor} for {@code type}: at most {@code batch} messages, newest first. */
    List<Message> after(long cursor, MessageType type) {
        return reads.computeIfAbsent(new Read(cursor, type), read -> feed.after(read.cursor(), read.type(), batch));
    }

    /**
     * The {@code message} event of {@code message}, as written to every stream (its timestamp is its SSE id), or
     * {@link #HIDDEN} (compare by identity) when it is hidden.
     */
    byte[] event(Message message) {
        return events.computeIfAbsent(message.timestamp(), ts -> hidden.isHidden(message.id()) ? HIDDEN
                : ("event: message\nid: " + ts + "\ndata: " + MessageJson.text(message) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
