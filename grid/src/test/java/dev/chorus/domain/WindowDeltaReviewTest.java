package dev.chorus.domain;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * Two ways a copy could be taken for the owner's window when it is not (found in review): an installation of an
 * older epoch with a higher version, and two copies that took different changes at the same epoch and version
 * (told apart by the history fingerprint, {@link RecentWindow#chain()}).
 */
class WindowDeltaReviewTest {

    @Test
    void anOlderTakeOverNeverReplacesANewerOneWhateverItsVersion() {
        // epoch 5 installed on a long-lived window (version 900); its delta is late to this member
        RecentWindow longLived = RecentWindow.empty(10).append(human("a"), 10).fencedBy(5, "member-a", 899);
        WindowDelta late = WindowDelta.of(null, new WindowChange.Installed(longLived));
        // meanwhile the window was lost and reloaded (version 0), and taken over under epoch 6 (version 1)
        RecentWindow newer = RecentWindow.empty(10).append(human("a"), 10).append(human("b"), 20)
                .fencedBy(6, "member-b", 0);
        assertEquals(WindowDelta.Fit.ALREADY_SHOWN, late.fit(newer),
                "an installation of epoch 5 must not replace this member's window of epoch 6");
    }

    @Test
    void twoCopiesThatDivergedAtTheSameVersionAreNotTakenForEachOther() {
        // The owner stamps b, publishes the delta and crashes before the backup gets it: replicas hold b ...
        RecentWindow base = RecentWindow.empty(10).fencedBy(3, "member-a", 0);
        RecentWindow replica = WindowDelta.of(base, new WindowChange.Stamped(human("b").withTimestamp(10), null))
                .applyTo(base);
        // ... the promoted backup (still at base) makes another change, c, at the same version
        WindowDelta other = WindowDelta.of(base, new WindowChange.Stamped(human("c").withTimestamp(11), null));
        RecentWindow owner = other.applyTo(base);
        assertEquals(owner.version(), replica.version(), "same epoch and version");
        assertNotEquals(owner.entries(), replica.entries(), "different windows");
        assertEquals(WindowDelta.Fit.GAP, other.fit(replica),
                "the replica lacks c: it must not be told it already shows it");
        assertNotEquals(owner.chain(), replica.chain(), "the version check tells them apart too");
    }
}
