package dev.chorus.domain;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two-phase appends: readers never see a post before it is durable, nor a later post before an earlier one. */
class RecentWindowPendingTest {

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).toList();
    }

    @Test
    void aPendingEntryAndEverythingAfterItStayInvisibleUntilCommitted() {
        RecentWindow window = RecentWindow.empty(10)
                .append(human("a"), 1)
                .appendPending(human("b"), 2, "member-1")
                .appendPending(human("c"), 3, "member-2");
        window = window.commit(new MessageId("c"));
        assertEquals(List.of("a"), ids(window.after(0, null, 10)), "c is durable but b, earlier, is not yet");
        assertEquals(List.of("a"), ids(window.page(0, 10, null)));
        assertEquals(3, window.counts().total(), "counted from the stamp on");

        window = window.commit(new MessageId("b"));
        assertEquals(List.of("c", "b", "a"), ids(window.after(0, null, 10)));
        assertTrue(window.pending().isEmpty());
    }

    @Test
    void theNewestVisibleTimestampStopsBeforeThePendingEntry() {
        RecentWindow window = RecentWindow.empty(10).append(human("a"), 10).appendPending(human("b"), 20, "m");
        assertEquals(20, window.lastTimestamp());
        assertEquals(10, window.newestVisibleTimestamp());
        assertEquals(20, window.commit(new MessageId("b")).newestVisibleTimestamp());
        RecentWindow onlyPending = RecentWindow.empty(10).appendPending(human("c"), 30, "m");
        assertEquals(29, onlyPending.newestVisibleTimestamp(), "a cursor there still gets c once committed");
    }

    @Test
    void aRetractedPendingEntryNeverAppearsAndUnblocksTheRest() {
        RecentWindow window = RecentWindow.empty(10)
                .appendPending(human("lost"), 1, "member-1")
                .append(human("kept"), 2);
        assertEquals(List.of(), ids(window.after(0, null, 10)));
        window = window.retract(new MessageId("lost"));
        assertEquals(List.of("kept"), ids(window.after(0, null, 10)));
        assertEquals(1, window.counts().total());
        assertFalse(window.isPending(new MessageId("lost")));
    }

    @Test
    void commitIsIdempotentAndPendingRecordsTheWriter() {
        RecentWindow window = RecentWindow.empty(10).appendPending(human("a"), 1, "member-1");
        assertEquals(Map.of(new MessageId("a"), "member-1"), window.pending());
        RecentWindow committed = window.commit(new MessageId("a"));
        assertSame(committed, committed.commit(new MessageId("a")), "a second commit changes nothing");
        assertSame(committed, committed.commit(new MessageId("unknown")));
    }

    @Test
    void anEntryFallingOutOfTheWindowIsNoLongerPending() {
        RecentWindow window = RecentWindow.empty(2).appendPending(human("old"), 1, "member-1");
        window = window.append(human("b"), 2).append(human("c"), 3);
        assertTrue(window.pending().isEmpty());
        assertEquals(List.of("c", "b"), ids(window.after(0, null, 10)));
    }
}
