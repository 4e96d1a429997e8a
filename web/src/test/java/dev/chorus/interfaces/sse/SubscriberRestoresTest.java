package dev.chorus.interfaces.sse;

import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.interfaces.rest.MessageJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restore heard for a message newer than the stream's cursor ({@link Subscriber#owe}), as on a member whose
 * window may not show the message again yet: the stream gets it exactly once — as a {@code message} if the window
 * read brings it before the cursor passes it, else as a {@code restored} event once the cursor has passed it —
 * and not at all if it is hidden again first.
 */
class SubscriberRestoresTest {
    private final FakeStream stream = new FakeStream();
    private final Subscriber subscriber = subscriber();
    private long seq;

    private static Message at(String id, long timestamp) {
        return message(id).text("text of " + id).timestamp(timestamp).build();
    }

    /** What the round's window read writes for a message (the {@code message} event). */
    private void sendAsMessage(Message m) {
        byte[] event = ("event: message\nid: " + m.timestamp() + "\ndata: " + MessageJson.text(m) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(subscriber.send(m, event) > 0);
    }

    private void restoreHeard(Message m) {
        subscriber.owe(new HiddenLog.Entry(++seq, m.id(), false), m);
    }

    private int restoredEvents(String id) {
        return stream.text().split("event: restored\ndata: \\{\"id\":\"" + id + "\"", -1).length - 1;
    }

    private List<String> messages() {
        return stream.events().stream().map(FakeStream.Event::messageId).toList();
    }

    @Test
    void aLaggingWindowThatMovesTheCursorPastTheMessageOwesTheRestoredEvent() {
        Message restored = at("r-1", 150);
        restoreHeard(restored);
        assertFalse(subscriber.restoresDue(), "the window may still bring it");
        assertTrue(subscriber.sendRestoresDue());
        assertEquals(0, restoredEvents("r-1"));

        sendAsMessage(at("m-2", 200)); // this member's window does not show r-1 again yet: the cursor passes it
        assertTrue(subscriber.restoresDue());
        assertTrue(subscriber.sendRestoresDue());
        assertEquals(1, restoredEvents("r-1"), stream.text());
        assertTrue(stream.text().contains("\"text\":\"text of r-1\""), "the event carries the message");
        assertFalse(subscriber.restoresDue());
        assertTrue(subscriber.sendRestoresDue());
        assertEquals(1, restoredEvents("r-1"), "told once");
        assertEquals(List.of("m-2"), messages());
    }

    @Test
    void aWindowThatShowsItAgainInTimeSendsItAsAMessageOnly() {
        Message restored = at("r-2", 250);
        restoreHeard(restored);
        sendAsMessage(at("m-1", 240));
        sendAsMessage(restored);
        sendAsMessage(at("m-3", 300));
        assertFalse(subscriber.restoresDue());
        assertTrue(subscriber.sendRestoresDue());
        assertEquals(0, restoredEvents("r-2"), stream.text());
        assertEquals(List.of("m-1", "r-2", "m-3"), messages());
    }

    @Test
    void hiddenAgainBeforeItWasShownIsNeverRestored() {
        Message once = at("r-3", 350);
        restoreHeard(once);
        subscriber.sendHidden(new HiddenLog.Entry(++seq, once.id(), true));
        Message twice = at("r-4", 360);
        restoreHeard(twice);
        subscriber.skip(twice); // the window read found it hidden again
        sendAsMessage(at("m-5", 400));
        assertFalse(subscriber.restoresDue());
        assertTrue(subscriber.sendRestoresDue());
        assertEquals(0, restoredEvents("r-3") + restoredEvents("r-4"), stream.text());
    }

    @Test
    void aConnectionNotTakingBytesKeepsTheRestoreOwed() {
        restoreHeard(at("r-6", 450));
        sendAsMessage(at("m-7", 500));
        stream.takesBytes(false);
        assertFalse(subscriber.sendRestoresDue());
        assertEquals(0, restoredEvents("r-6"));
        assertTrue(subscriber.restoresDue(), "still owed: the hub comes back for it");
        stream.takesBytes(true);
        assertTrue(subscriber.sendRestoresDue());
        assertEquals(1, restoredEvents("r-6"), stream.text());
    }

    private Subscriber subscriber() {
        try {
            return new Subscriber(stream.async(), 100, 0, null, "127.0.0.1", () -> { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
