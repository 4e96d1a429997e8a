package dev.chorus.interfaces.sse;

import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.VisibilityEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One subscriber's share of a round ({@link RoundWriter}): many events in few container writes, still each once,
 * oldest first, the cursor only past what was handed over, a hidden message passed over in its place.
 */
class RoundWriterTest {
    private static final int CHUNK = 4096;
    private final FakeStream stream = new FakeStream();
    private final HiddenLog hidden = new HiddenLog(100);
    private final RoundReads reads = new RoundReads(null, hidden, 100); // event() only: no board read here

    private Subscriber subscriber() throws IOException {
        Subscriber subscriber = new Subscriber(stream.async(), 0, 0, null, "127.0.0.1", () -> { });
        subscriber.start();
        return subscriber;
    }

    /** {@code n} messages with timestamps 1..n, newest first (as the board answers). */
    private static List<Message> found(int n) {
        List<Message> found = new ArrayList<>();
        for (int i = n; i >= 1; i--) {
            found.add(message("m-" + i).text("a message of ordinary length, number " + i).timestamp(i).build());
        }
        return found;
    }

    private List<String> ids() {
        return stream.events().stream().map(FakeStream.Event::messageId).toList();
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add("m-" + i);
        }
        return ids;
    }

    @Test
    void aRoundsEventsGoInOneWritePerChunkInOrder() throws IOException {
        Subscriber subscriber = subscriber();
        List<Message> found = found(100);
        int bytes = 0;
        for (Message m : found) {
            bytes += reads.event(m).length;
        }
        RoundWriter writer = new RoundWriter(CHUNK);

        assertTrue(writer.write(subscriber, found, reads, 1 << 20));

        assertEquals(ids(1, 100), ids(), "each once, oldest first");
        assertEquals(bytes, writer.written());
        assertEquals(100, subscriber.cursor());
        int chunks = (bytes + CHUNK - 1) / CHUNK;
        assertTrue(stream.writes() <= chunks + 1, stream.writes() + " writes for " + chunks + " chunks' worth");
        assertTrue(stream.writes() < 20, "not one write per event: " + stream.writes());
    }

    @Test
    void aConnectionThatStopsTakingBytesKeepsTheCursorAtTheLastChunkHandedOver() throws IOException {
        Subscriber subscriber = subscriber();
        stream.takesWrites(2);
        RoundWriter writer = new RoundWriter(CHUNK);

        assertFalse(writer.write(subscriber, found(100), reads, 1 << 20), "stopped by the connection");

        List<FakeStream.Event> events = stream.events();
        assertEquals(2, stream.writes());
        assertTrue(events.size() > 2 && events.size() < 100, events.size() + " events");
        assertEquals(ids(1, events.size()), ids());
        assertEquals(events.get(events.size() - 1).cursor(), subscriber.cursor(), "cursor = last event written");
        assertFalse(subscriber.ready());

        stream.takesWrites(-1); // the client reads again: the next round starts after the cursor
        List<Message> rest = found(100).subList(0, 100 - events.size());
        assertTrue(writer.write(subscriber, rest, reads, 1 << 20));
        assertEquals(ids(1, 100), ids(), "nothing lost, nothing twice");
    }

    @Test
    void theBudgetEndsTheRoundAfterTheChunkThatReachesIt() throws IOException {
        Subscriber subscriber = subscriber();
        RoundWriter writer = new RoundWriter(CHUNK);

        assertFalse(writer.write(subscriber, found(100), reads, 1000));

        assertTrue(writer.written() >= 1000 && writer.written() < 1000 + CHUNK, writer.written() + " bytes");
        assertEquals(1, stream.writes());
        assertEquals(stream.events().size(), subscriber.cursor());
    }

    @Test
    void aHiddenMessageIsPassedOverInItsPlace() throws IOException {
        Subscriber subscriber = subscriber();
        hidden.add(new VisibilityEvent(new MessageId("m-5"), true));
        RoundWriter writer = new RoundWriter(CHUNK);

        assertTrue(writer.write(subscriber, found(10), reads, 1 << 20));

        List<String> expected = new ArrayList<>(ids(1, 10));
        expected.remove("m-5");
        assertEquals(expected, ids());
        assertEquals(10, subscriber.cursor());
        assertEquals(2, stream.writes(), "the events before the hidden one, then those after it");
    }

    @Test
    void aSingleEventIsWrittenAsTheRoundEncodedIt() throws IOException {
        Subscriber subscriber = subscriber();
        List<Message> found = found(1);
        RoundWriter writer = new RoundWriter(CHUNK);

        assertTrue(writer.write(subscriber, found, reads, 1 << 20));

        assertEquals(1, stream.writes());
        assertEquals(new String(reads.event(found.get(0)), java.nio.charset.StandardCharsets.UTF_8), stream.text());
    }
}
