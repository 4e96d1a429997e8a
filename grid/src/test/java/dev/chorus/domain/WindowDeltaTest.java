package dev.chorus.domain;

import static dev.chorus.domain.JavaSerialization.roundTrip;
import static dev.chorus.domain.TestMessages.human;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A copy of the window that applies the owner's deltas holds exactly the owner's window; a delta that does not
 * fit a copy says so instead of making a wrong window; every kind survives the wire.
 */
class WindowDeltaTest {

    private static final String WRITER = "member-a";

    private static void assertSameWindow(RecentWindow expected, RecentWindow actual) {
        assertEquals(expected.entries(), actual.entries());
        assertEquals(expected.pending(), actual.pending());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.epoch(), actual.epoch());
        assertEquals(expected.counts(), actual.counts());
        assertEquals(expected.lastTimestamp(), actual.lastTimestamp());
        assertEquals(expected.stamper(), actual.stamper());
        assertEquals(expected.chain(), actual.chain());
    }

    @Test
    void aCopyThatAppliesEveryDeltaAfterTheWireHoldsTheOwnersWindow() throws Exception {
        RecentWindow owner = RecentWindow.empty(3).append(human("a"), 100).fencedBy(4, WRITER, 0);
        RecentWindow copy = owner;
        Message botMessage = message("c").botParams(new BotParams("poet", 1, null, null, null, null, null, null,
                null, null)).build();
        List<WindowChange> changes = List.of(
                new WindowChange.Stamped(owner.stamp(human("b"), 50), WRITER), // clock behind: stamped after a
                new WindowChange.Committed(new MessageId("b")),
                new WindowChange.Stamped(message("c").build().withTimestamp(500), WRITER),
                new WindowChange.Replaced(botMessage),
                new WindowChange.Retracted(new MessageId("c")),
                new WindowChange.Stamped(human("d").withTimestamp(600), null),
                new WindowChange.Stamped(human("e").withTimestamp(700), null)); // a falls out: capacity 3
        for (WindowChange change : changes) {
            WindowDelta made = WindowDelta.of(owner, change);
            WindowDelta delta = roundTrip(made);
            owner = made.applyTo(owner); // as the owner's processor does
            assertEquals(made.resultChain(), delta.resultChain());
            assertEquals(WindowDelta.Fit.APPLIES, delta.fit(copy), change.toString());
            copy = delta.applyTo(copy);
            assertSameWindow(owner, copy);
        }
        assertEquals(List.of("b", "d", "e"), copy.entries().stream().map(m -> m.id().value()).toList());
        assertEquals(101, copy.find(new MessageId("b")).orElseThrow().timestamp());
    }

    @Test
    void aDeltaTellsACopyThatMissedAChangeOrAlreadyShowsIt() {
        RecentWindow v0 = RecentWindow.empty(10).fencedBy(2, WRITER, 0);
        WindowDelta first = WindowDelta.of(v0, new WindowChange.Stamped(human("a").withTimestamp(10), null));
        RecentWindow v1 = first.applyTo(v0);
        WindowDelta second = WindowDelta.of(v1, new WindowChange.Stamped(human("b").withTimestamp(20), null));

        assertEquals(WindowDelta.Fit.GAP, second.fit(v0), "missed the first change");
        assertEquals(WindowDelta.Fit.ALREADY_SHOWN, first.fit(v1), "read whole after it");
        assertEquals(WindowDelta.Fit.GAP, first.fit(null), "no copy yet");
        assertEquals(WindowDelta.Fit.GAP, first.fit(RecentWindow.empty(10).fencedBy(1, WRITER, 0)),
                "a copy of an older epoch");
        assertEquals(WindowDelta.Fit.ALREADY_SHOWN, first.fit(RecentWindow.empty(10).fencedBy(3, WRITER, 0)),
                "a copy of a later take-over, which read the table");
    }

    @Test
    void anInstallationReplacesOlderCopiesAndSurvivesTheWire() throws Exception {
        RecentWindow old = RecentWindow.empty(10).append(human("a"), 10).fencedBy(1, "member-b", 0);
        RecentWindow installed = RecentWindow.empty(10).append(human("a"), 10).append(human("z"), 20)
                .fencedBy(2, WRITER, old.version());
        WindowDelta delta = roundTrip(WindowDelta.of(old, new WindowChange.Installed(installed)));
        assertEquals(WindowDelta.Fit.APPLIES, delta.fit(old));
        assertEquals(WindowDelta.Fit.APPLIES, delta.fit(null));
        assertEquals(WindowDelta.Fit.ALREADY_SHOWN, delta.fit(installed));
        assertSameWindow(installed, delta.applyTo(old));
        assertSameWindow(installed, roundTrip(WindowDelta.of(null, new WindowChange.Installed(installed))).applyTo(null));
    }

    @Test
    void onlyAnInstallationChangesAMissingWindowAndStampsNeverGoBack() {
        assertThrows(IllegalArgumentException.class,
                () -> WindowDelta.of(null, new WindowChange.Committed(new MessageId("a"))));
        RecentWindow window = RecentWindow.empty(10).append(human("a"), 100);
        assertThrows(IllegalArgumentException.class, () -> window.appendStamped(human("b").withTimestamp(100), null));
        assertTrue(window.stamp(human("b"), 5).timestamp() > 100);
    }
}
