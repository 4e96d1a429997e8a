package dev.chorus.domain;

import static dev.chorus.domain.JavaSerialization.roundTrip;
import static dev.chorus.domain.TestMessages.human;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window's compact serial form round-trips everything a reader or the grid depends on. */
class WindowSerialFormTest {

    @Test
    void everyFieldOfEveryEntryAndThePendingMarksSurvive() throws Exception {
        BotParams full = new BotParams("poet", 7, "qwen", "Bard:random", "ALL", true, BotStatus.COMPLETE, 2,
                "m2-r-poet", "timeout: slow server");
        Message rich = message("m2").username("ümlaut ☃").clientTimestamp(42L).misc("misc")
                .type(MessageType.AI).replyTo("m1").botParams(full).build();
        Message sparse = message("m3").username(null).botParams(null).build();
        RecentWindow window = RecentWindow.empty(10)
                .append(human("m1"), 100)
                .append(rich, 200)
                .appendPending(sparse, 300, "member-a");

        RecentWindow copy = roundTrip(window);

        assertEquals(window.entries(), copy.entries());
        assertEquals(window.pending(), copy.pending());
        assertEquals(window.counts(), copy.counts());
        assertEquals(window.lastTimestamp(), copy.lastTimestamp());
        assertEquals(window.version(), copy.version());
        assertEquals(window.capacity(), copy.capacity());
        assertEquals(List.of("m2", "m1"), copy.after(0, null, 10).stream().map(m -> m.id().value()).toList());
    }

    @Test
    void contextLinesSurviveWhenPresent() throws Exception {
        Message withContext = message("c").context(List.of("a: one", "b: two\nlines")).build();
        RecentWindow window = RecentWindow.restored(List.of(), MessageCounts.NONE, 0, 5).append(withContext, 1);
        assertEquals(window.entries(), roundTrip(window).entries(), "slim in the window; the codec handles both");
        assertTrue(roundTrip(RecentWindow.empty(3)).entries().isEmpty());
    }

    @Test
    void aWindowCannotBeReadFieldByField() {
        assertThrows(java.io.InvalidObjectException.class, () -> {
            var method = RecentWindow.class.getDeclaredMethod("readObject", ObjectInputStream.class);
            method.setAccessible(true);
            try {
                method.invoke(RecentWindow.empty(1), (Object) null);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
