package dev.chorus.domain;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hiding and restoring in the window: what readers see, the counts, and that no cursor skips or repeats. */
class RecentWindowHideTest {

    private static RecentWindow filled(int capacity, int count) {
        RecentWindow window = RecentWindow.empty(capacity);
        for (int i = 1; i <= count; i++) {
            window = window.append(human("m" + i), i);
        }
        return window;
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).toList();
    }

    @Test
    void aHiddenMessageLeavesPollsPagesAndCountsAndTheNextStampStillComesAfterIt() {
        RecentWindow window = filled(10, 5).hide(new MessageId("m5"), MessageType.HUMAN);
        assertEquals(List.of("m4", "m3", "m2", "m1"), ids(window.after(0, null, 50)));
        assertEquals(List.of("m1", "m2", "m3", "m4"), ids(window.page(0, 50, null)));
        assertEquals(4, window.counts().total());
        assertEquals(5, window.lastTimestamp(), "the hidden message's timestamp stays taken");
        RecentWindow next = window.append(human("m6"), 1);
        assertEquals(6, next.find(new MessageId("m6")).orElseThrow().timestamp());
        // a reader whose cursor was at m3 gets m4 then m6: nothing skipped, nothing repeated
        assertEquals(List.of("m6", "m4"), ids(next.after(3, null, 50)));
        assertTrue(next.holdsEverything());
    }

    @Test
    void hidingAMessageOlderThanTheWindowOnlyLowersTheCount() {
        RecentWindow window = RecentWindow.restored(List.of(), new MessageCounts(10, 0), 10, 3);
        for (int i = 11; i <= 13; i++) {
            window = window.append(human("m" + i), i);
        }
        RecentWindow hidden = window.hide(new MessageId("m2"), MessageType.HUMAN);
        assertEquals(12, hidden.counts().total());
        assertEquals(3, hidden.size());
        assertFalse(hidden.holdsEverything(), "older messages still come from the database");
    }

    @Test
    void restoreBringsItBackAtItsOwnPlaceAndCount() {
        RecentWindow window = filled(10, 5);
        Message m3 = window.find(new MessageId("m3")).orElseThrow();
        RecentWindow restored = window.hide(m3.id(), MessageType.HUMAN).restore(m3);
        assertEquals(ids(window.entries()), ids(restored.entries()));
        assertEquals(window.counts(), restored.counts());
        assertEquals(restored.counts(), restored.restore(m3).counts(), "restoring a shown message changes nothing");
    }

    @Test
    void restoringIntoAFullWindowDropsTheOldestOrLeavesAnOlderMessageToTheDatabase() {
        RecentWindow window = filled(3, 6); // holds m4..m6; m1..m3 in the database only
        Message m5 = window.find(new MessageId("m5")).orElseThrow();
        RecentWindow afterHide = window.hide(m5.id(), MessageType.HUMAN); // m4, m6
        Message m2 = human("m2").withTimestamp(2);
        RecentWindow older = afterHide.hide(m2.id(), MessageType.HUMAN).append(human("m7"), 0); // m4, m6, m7
        assertEquals(List.of("m4", "m6", "m7"), ids(older.entries()));
        RecentWindow back = older.restore(m5);
        assertEquals(List.of("m5", "m6", "m7"), ids(back.entries()), "newer than the oldest: in, oldest out");
        RecentWindow backOld = back.restore(m2);
        assertEquals(ids(back.entries()), ids(backOld.entries()), "older than a full window: the database serves it");
        assertEquals(back.counts().total() + 1, backOld.counts().total());
    }

    @Test
    void restoringAMessageOlderThanAWindowWithRoomAfterAHideLeavesNoGapACursorCouldSkip() {
        RecentWindow window = filled(3, 6); // holds m4..m6; m1..m3 in the database only
        Message m2 = human("m2").withTimestamp(2);
        RecentWindow hidden = window.hide(m2.id(), MessageType.HUMAN).hide(new MessageId("m5"), MessageType.HUMAN);
        assertEquals(List.of("m4", "m6"), ids(hidden.entries()), "room for one more after the hide");

        RecentWindow back = hidden.restore(m2);

        assertEquals(List.of("m4", "m6"), ids(back.entries()), "m3 is visible and older than m4: m2 stays in the database");
        assertEquals(5, back.counts().total());
        assertFalse(back.covers(2), "a cursor at m2 must read m3 from the database");
        assertTrue(back.covers(4));
        assertFalse(back.holdsEverything());
    }

    @Test
    void aWindowThatHoldsEverythingTakesARestoredMessageBackWhateverItsAge() {
        RecentWindow window = filled(5, 4).hide(new MessageId("m1"), MessageType.HUMAN);
        Message m1 = human("m1").withTimestamp(1);

        RecentWindow back = window.restore(m1);

        assertEquals(List.of("m1", "m2", "m3", "m4"), ids(back.entries()));
        assertTrue(back.holdsEverything());
        assertEquals(List.of("m4", "m3", "m2", "m1"), ids(back.after(0, null, 50)));
    }

    @Test
    void hidingAnEntryNeverLetsTheWindowClaimARangeItDoesNotHold() {
        RecentWindow window = filled(3, 6); // m4..m6 held, 6 counted
        RecentWindow oldestHidden = window.hide(new MessageId("m4"), MessageType.HUMAN); // m5, m6; 5 counted
        assertFalse(oldestHidden.holdsEverything());
        assertFalse(oldestHidden.covers(3), "m1..m3 are still in the database only");
        assertTrue(oldestHidden.covers(5), "from its oldest entry on, the window holds everything");
        RecentWindow olderHidden = oldestHidden.hide(new MessageId("m1"), MessageType.HUMAN)
                .hide(new MessageId("m2"), MessageType.HUMAN).hide(new MessageId("m3"), MessageType.HUMAN);
        assertTrue(olderHidden.holdsEverything(), "every visible message is held once the older ones are hidden");
    }
}
