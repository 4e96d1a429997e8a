package dev.chorus.domain;

import static dev.chorus.domain.TestMessages.ai;
import static dev.chorus.domain.TestMessages.human;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecentWindowTest {

    /** Appends {@code count} messages at clock 1, 2, 3, ... (so timestamps are 1..count); every third is AI. */
    private static RecentWindow filled(int capacity, int count) {
        RecentWindow window = RecentWindow.empty(capacity);
        for (int i = 1; i <= count; i++) {
            window = window.append(i % 3 == 0 ? ai("m" + i) : human("m" + i), i);
        }
        return window;
    }

    private static List<Long> timestamps(List<Message> messages) {
        return messages.stream().map(Message::timestamp).collect(Collectors.toList());
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).collect(Collectors.toList());
    }

    // --- append and the cursor ----------------------------------------------------------------------------

    @Test
    void appendStampsTheClockWhenItIsAhead() {
        RecentWindow window = RecentWindow.empty(10).append(human("a"), 1000).append(human("b"), 2000);
        assertEquals(List.of(1000L, 2000L), timestamps(window.entries()));
        assertEquals(2000, window.lastTimestamp());
    }

    @Test
    void appendStampsLastPlusOneWhenTheClockIsEqualOrBehind() {
        RecentWindow window = RecentWindow.empty(10)
                .append(human("a"), 1000)
                .append(human("b"), 1000)   // same millisecond
                .append(human("c"), 999)    // clock one behind
                .append(human("d"), 10)     // clock far behind (NTP step back, other member's clock)
                .append(human("e"), 5000);  // clock ahead again
        assertEquals(List.of(1000L, 1001L, 1002L, 1003L, 5000L), timestamps(window.entries()));
        assertEquals(5000, window.lastTimestamp());
    }

    @Test
    void timestampsStrictlyIncreaseWhateverTheClockDoes() {
        Random random = new Random(42);
        RecentWindow window = RecentWindow.empty(5000);
        long clock = 1_700_000_000_000L;
        for (int i = 0; i < 3000; i++) {
            clock += random.nextInt(7) - 4; // mostly equal or going backwards
            window = window.append(human("m" + i), clock);
        }
        long previous = Long.MIN_VALUE;
        for (Message entry : window.entries()) {
            assertTrue(entry.timestamp() > previous, "strictly increasing");
            previous = entry.timestamp();
        }
        assertEquals(previous, window.lastTimestamp());
    }

    @Test
    void appendIgnoresAClientSuppliedTimestampAndDropsTheContext() {
        Message sent = message("a").timestamp(9_999_999_999L).clientTimestamp(123L).context(List.of("x: y")).build();
        RecentWindow window = RecentWindow.empty(10).append(sent, 1000);
        Message stored = window.find(new MessageId("a")).orElseThrow();
        assertEquals(1000, stored.timestamp());
        assertEquals(123L, stored.clientTimestamp());
        assertNull(stored.context());
        assertEquals(sent.slim().withTimestamp(1000), stored);
    }

    @Test
    void appendLeavesTheOldWindowUnchanged() {
        RecentWindow before = filled(10, 3);
        RecentWindow after = before.append(human("new"), 100);
        assertEquals(3, before.size());
        assertEquals(4, after.size());
        assertEquals(3, before.counts().total());
    }

    // --- capacity and counts ------------------------------------------------------------------------------

    @Test
    void theOldestFallsOutWhenFullWhileCountsKeepEveryMessage() {
        RecentWindow window = filled(3, 5);
        assertEquals(List.of("m3", "m4", "m5"), ids(window.entries()));
        assertEquals(3, window.size());
        assertEquals(3, window.capacity());
        assertEquals(new MessageCounts(4, 1), window.counts());
        assertEquals(5, window.lastTimestamp());
        assertTrue(window.find(new MessageId("m1")).isEmpty());
    }

    @Test
    void capacityOfOneKeepsOnlyTheNewest() {
        RecentWindow window = filled(1, 4);
        assertEquals(List.of("m4"), ids(window.entries()));
        assertEquals(4, window.counts().total());
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> RecentWindow.empty(0));
    }

    @Test
    void heldCountsEntriesByType() {
        RecentWindow window = filled(100, 9);
        assertEquals(9, window.held(null));
        assertEquals(3, window.held(MessageType.AI));
        assertEquals(6, window.held(MessageType.HUMAN));
    }

    @Test
    void entriesCannotBeChangedFromOutside() {
        RecentWindow window = filled(10, 2);
        assertThrows(UnsupportedOperationException.class, () -> window.entries().clear());
    }

    // --- covers / holdsEverything -------------------------------------------------------------------------

    @Test
    void aWindowThatNeverOverflowedHoldsEverythingAndCoversAnyCursor() {
        assertTrue(RecentWindow.empty(10).holdsEverything());
        assertTrue(RecentWindow.empty(10).covers(0));
        RecentWindow window = filled(10, 10);
        assertTrue(window.holdsEverything());
        assertTrue(window.covers(0));
        assertTrue(window.covers(Long.MIN_VALUE));
    }

    @Test
    void anOverflowedWindowCoversOnlyCursorsFromItsOldestEntryOn() {
        RecentWindow window = filled(3, 5); // holds 3,4,5; 1 and 2 are only in storage
        assertFalse(window.holdsEverything());
        assertFalse(window.covers(0));
        assertFalse(window.covers(1), "message 2 is newer than cursor 1 and not in the window");
        assertTrue(window.covers(3));
        assertTrue(window.covers(5));
        assertTrue(window.covers(1_000_000));
    }

    @Test
    void aRestoredWindowWithMoreStoredMessagesThanEntriesDoesNotHoldEverything() {
        RecentWindow window = RecentWindow.restored(List.of(human("a").withTimestamp(10)), new MessageCounts(5, 0), 10, 10);
        assertFalse(window.holdsEverything());
        assertFalse(window.covers(9));
        assertTrue(window.covers(10));
    }

    // --- after (cursor polling) ---------------------------------------------------------------------------

    @Test
    void afterReturnsTheEarliestLimitMessagesNewerThanTheCursorNewestFirst() {
        RecentWindow window = filled(100, 10);
        assertEquals(List.of(3L, 2L, 1L), timestamps(window.after(0, null, 3)));
        assertEquals(List.of(8L, 7L, 6L), timestamps(window.after(5, null, 3)));
        assertEquals(List.of(10L, 9L, 8L, 7L, 6L), timestamps(window.after(5, null, 100)));
        assertEquals(List.of(), window.after(10, null, 50));
        assertEquals(List.of(), window.after(0, null, 0));
    }

    @Test
    void afterFiltersByTypeBeforeApplyingTheLimit() {
        RecentWindow window = filled(100, 12); // AI at 3, 6, 9, 12
        assertEquals(List.of(6L, 3L), timestamps(window.after(0, MessageType.AI, 2)));
        assertEquals(List.of(12L, 9L), timestamps(window.after(6, MessageType.AI, 5)));
        assertEquals(List.of(5L, 4L, 2L), timestamps(window.after(1, MessageType.HUMAN, 3)));
    }

    @Test
    void followingTheCursor50AtATimeVisitsEachOf1200MessagesExactlyOnce() {
        RecentWindow window = filled(2000, 1200);
        assertCursorWalkVisitsAll(window, null, 1200);
        assertCursorWalkVisitsAll(window, MessageType.AI, 400);
        assertCursorWalkVisitsAll(window, MessageType.HUMAN, 800);
    }

    private static void assertCursorWalkVisitsAll(RecentWindow window, MessageType type, int expected) {
        long cursor = 0;
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 10_000; round++) {
            List<Message> batch = window.after(cursor, type, 50);
            if (batch.isEmpty()) {
                break;
            }
            assertTrue(batch.size() <= 50);
            for (int i = 1; i < batch.size(); i++) {
                assertTrue(batch.get(i - 1).timestamp() > batch.get(i).timestamp(), "newest first");
            }
            batch.forEach(m -> {
                assertTrue(type == null || m.type() == type);
                seen.add(m.id().value());
            });
            cursor = batch.get(0).timestamp(); // the newest the client got
        }
        assertEquals(expected, seen.size(), "every message once");
        assertEquals(expected, new HashSet<>(seen).size(), "no message twice");
    }

    @Test
    void followingTheCursorWhileMessagesArriveNeverSkips() {
        RecentWindow window = RecentWindow.empty(2000);
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int appended = 0;
        Random random = new Random(7);
        while (appended < 1200 || !window.after(cursor, null, 50).isEmpty()) {
            for (int i = random.nextInt(80); i > 0 && appended < 1200; i--) {
                window = window.append(human("m" + appended++), 0);
            }
            List<Message> batch = window.after(cursor, null, 50);
            for (Message m : batch) {
                assertTrue(seen.add(m.id().value()), "seen twice: " + m.id());
            }
            if (!batch.isEmpty()) {
                cursor = batch.get(0).timestamp();
            }
        }
        assertEquals(1200, seen.size());
    }

    // --- page ---------------------------------------------------------------------------------------------

    @Test
    void pageIsCountedFromTheNewestEndAndReturnedOldestFirst() {
        RecentWindow window = filled(100, 10);
        assertEquals(List.of(8L, 9L, 10L), timestamps(window.page(0, 3, null)));
        assertEquals(List.of(5L, 6L, 7L), timestamps(window.page(3, 3, null)));
        assertEquals(List.of(1L), timestamps(window.page(9, 3, null)));
        assertEquals(List.of(), window.page(10, 3, null));
        assertEquals(List.of(), window.page(0, 0, null));
        assertEquals(timestamps(window.entries()), timestamps(window.page(0, 1000, null)));
    }

    @Test
    void pageFiltersByTypeBeforeCounting() {
        RecentWindow window = filled(100, 12); // AI at 3, 6, 9, 12
        assertEquals(List.of(9L, 12L), timestamps(window.page(0, 2, MessageType.AI)));
        assertEquals(List.of(3L, 6L), timestamps(window.page(2, 2, MessageType.AI)));
        assertEquals(List.of(10L, 11L), timestamps(window.page(0, 2, MessageType.HUMAN)));
    }

    @Test
    void pagingThroughEverythingReturnsEachMessageOnce() {
        RecentWindow window = filled(2000, 1234);
        Set<String> seen = new HashSet<>();
        for (int offset = 0; ; offset += 50) {
            List<Message> page = window.page(offset, 50, null);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(m -> assertTrue(seen.add(m.id().value())));
        }
        assertEquals(1234, seen.size());
    }

    // --- replace / retract / find -------------------------------------------------------------------------

    @Test
    void replaceUpdatesInPlaceKeepingTheTimestampAndPosition() {
        RecentWindow window = filled(10, 3);
        Message m2 = window.find(new MessageId("m2")).orElseThrow();
        BotParams done = BotParams.request("alice", null, null, null, null).startPending().withProcessed(true);
        Message patched = m2.withBotParams(done);
        RecentWindow replaced = window.replace(message("m2").text(m2.text()).botParams(done).timestamp(999)
                .context(List.of("kept: addressed to a persona")).build());
        Message stored = replaced.find(new MessageId("m2")).orElseThrow();
        assertEquals(2, stored.timestamp());
        assertEquals(done, stored.botParams());
        assertEquals(List.of("kept: addressed to a persona"), stored.context(), "lists carry a persona message's context");
        assertEquals(List.of("m1", "m2", "m3"), ids(replaced.entries()));
        assertEquals(window.counts(), replaced.counts());
        assertEquals(window.lastTimestamp(), replaced.lastTimestamp());
        assertEquals(message("m2").text(m2.text()).botParams(done).timestamp(2)
                .context(List.of("kept: addressed to a persona")).build(), stored);
        assertEquals(patched.withTimestamp(2), window.replace(patched.withTimestamp(999)).find(new MessageId("m2")).orElseThrow());
    }

    @Test
    void replaceOfAnAbsentIdChangesNothing() {
        RecentWindow window = filled(10, 3);
        assertSame(window, window.replace(human("nope")));
    }

    @Test
    void retractRemovesTheEntryAndItsCountButNotTheCursor() {
        RecentWindow window = filled(10, 3); // m3 is AI
        RecentWindow retracted = window.retract(new MessageId("m3"));
        assertEquals(List.of("m1", "m2"), ids(retracted.entries()));
        assertEquals(new MessageCounts(2, 0), retracted.counts());
        assertEquals(3, retracted.lastTimestamp(), "a later append must still get a newer timestamp");
        assertEquals(4, retracted.append(human("m4"), 0).lastTimestamp());
        RecentWindow middle = window.retract(new MessageId("m1"));
        assertEquals(List.of("m2", "m3"), ids(middle.entries()));
        assertEquals(new MessageCounts(1, 1), middle.counts());
    }

    @Test
    void retractOfAnAbsentIdChangesNothing() {
        RecentWindow window = filled(10, 3);
        assertSame(window, window.retract(new MessageId("nope")));
    }

    // --- restored -----------------------------------------------------------------------------------------

    @Test
    void restoredSortsSlimsAndKeepsTheNewestUpToCapacity() {
        List<Message> fromStorage = List.of(
                message("c").timestamp(30).context(List.of("x")).build(),
                message("a").timestamp(10).build(),
                message("d").timestamp(40).build(),
                message("b").timestamp(20).build());
        RecentWindow window = RecentWindow.restored(fromStorage, new MessageCounts(4, 0), 0, 3);
        assertEquals(List.of("b", "c", "d"), ids(window.entries()));
        assertNull(window.find(new MessageId("c")).orElseThrow().context());
        assertEquals(40, window.lastTimestamp());
        assertEquals(41, window.append(human("e"), 0).lastTimestamp());
    }

    @Test
    void restoredKeepsAHigherStoredMaximumSoTheCursorNeverGoesBack() {
        RecentWindow window = RecentWindow.restored(List.of(message("a").timestamp(10).build()),
                new MessageCounts(1, 0), 500, 10);
        assertEquals(500, window.lastTimestamp());
        assertEquals(501, window.append(human("b"), 0).lastTimestamp());
        assertEquals(77, RecentWindow.restored(List.of(), MessageCounts.NONE, 77, 10).lastTimestamp());
    }

    @Test
    void windowIsSerializable() throws Exception {
        RecentWindow window = filled(10, 4).append(message("ctx").context(List.of("a")).build(), 100);
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(window);
        }
        RecentWindow copy;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (RecentWindow) in.readObject();
        }
        assertEquals(window.entries(), copy.entries());
        assertEquals(window.counts(), copy.counts());
        assertEquals(window.lastTimestamp(), copy.lastTimestamp());
        assertEquals(window.capacity(), copy.capacity());
    }
}
