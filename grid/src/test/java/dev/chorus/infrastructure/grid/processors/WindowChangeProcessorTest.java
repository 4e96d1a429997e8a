package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.JavaSerialization.roundTrip;
import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The backup contract of the window's processors, without a grid: the backup gets the primary's change (never a
 * recomputation, so it cannot stamp another timestamp) and nothing when nothing changed; a backup copy the change
 * does not fit is left as it is rather than made into a window the primary never had.
 */
class WindowChangeProcessorTest {

    private static Map.Entry<String, RecentWindow> entry(RecentWindow value) {
        return new SimpleEntry<>("recent", value);
    }

    private static List<String> ids(RecentWindow window) {
        return window.entries().stream().map(m -> m.id().value()).collect(Collectors.toList());
    }

    @Test
    void theBackupAppliesThePrimarysChangeWithThePrimarysTimestamp() throws Exception {
        RecentWindow before = RecentWindow.empty(500).append(human("a"), 1);
        Map.Entry<String, RecentWindow> primary = entry(before);
        new AppendToWindow(human("b"), 500).process(primary);
        AppendToWindow append = new AppendToWindow(human("c"), 500);
        Map.Entry<String, RecentWindow> backupEntry = entry(primary.getValue());
        append.process(primary);

        EntryProcessor<String, RecentWindow, AppendOutcome> backup = roundTrip(append.getBackupProcessor());
        assertInstanceOf(ApplyWindowDelta.class, backup);
        Thread.sleep(5); // a recomputation now would stamp a later time
        assertNull(backup.process(backupEntry));
        assertEquals(primary.getValue().entries(), backupEntry.getValue().entries());
        assertEquals(primary.getValue().version(), backupEntry.getValue().version());
        assertNull(backup.getBackupProcessor());
    }

    @Test
    void aBackupCopyTheChangeDoesNotFitIsLeftAlone() {
        Map.Entry<String, RecentWindow> primary = entry(RecentWindow.empty(500).append(human("a"), 1));
        AppendToWindow append = new AppendToWindow(human("b"), 500);
        append.process(primary);
        RecentWindow behind = RecentWindow.empty(7).append(human("other"), 1).append(human("more"), 2);
        Map.Entry<String, RecentWindow> backupEntry = entry(behind);
        append.getBackupProcessor().process(backupEntry);
        assertSame(behind, backupEntry.getValue());
    }

    @Test
    void nothingIsShippedToTheBackupWhenNothingChanged() {
        RecentWindow window = RecentWindow.empty(500).append(human("a"), 1);
        assertNull(processThenBackup(new AppendToWindow(human("a"), 500), window), "duplicate append");
        assertNull(processThenBackup(new ReplaceInWindow(human("zzz")), window), "replace of an absent id");
        assertNull(processThenBackup(new RetractFromWindow(new MessageId("zzz")), window), "retract of an absent id");
        assertNull(processThenBackup(new CommitInWindow(new MessageId("a")), window), "commit of a visible entry");
        assertNull(processThenBackup(new ReplaceInWindow(human("zzz")), null), "replace on no window");
        assertNull(processThenBackup(new RetractFromWindow(new MessageId("zzz")), null), "retract on no window");
    }

    @Test
    void everyChangingProcessorShipsItsChange() {
        RecentWindow window = RecentWindow.empty(500).append(human("a"), 1);
        RecentWindow pending = window.appendPending(human("p"), 2, "writer");
        assertNotNull(processThenBackup(new AppendToWindow(human("b"), 500), window));
        assertNotNull(processThenBackup(new AppendToWindow(human("b"), 500), null));
        assertNotNull(processThenBackup(new ReplaceInWindow(human("a")), window));
        assertNotNull(processThenBackup(new RetractFromWindow(new MessageId("p")), pending));
        assertNotNull(processThenBackup(new CommitInWindow(new MessageId("p")), pending));
    }

    @Test
    void aCommitAnswersTheVersionItMade() {
        Map.Entry<String, RecentWindow> primary = entry(RecentWindow.empty(500).appendPending(human("p"), 2, "w"));
        long before = primary.getValue().version();
        assertEquals(before + 1, new CommitInWindow(new MessageId("p")).process(primary));
        assertEquals(before + 1, primary.getValue().version());
        assertEquals(before + 1, new CommitInWindow(new MessageId("p")).process(primary), "idempotent");
        assertEquals(-1L, new CommitInWindow(new MessageId("zzz")).process(primary));
    }

    private static EntryProcessor<String, RecentWindow, ?> processThenBackup(
            EntryProcessor<String, RecentWindow, ?> processor, RecentWindow value) {
        processor.process(entry(value));
        return processor.getBackupProcessor();
    }

    /**
     * Hazelcast runs a processor instance again on a retry and, for a caller on the key's owner, uses the
     * caller's instance without copying it (see TwoMemberWindowProcessorsTest): a rerun that changes nothing must
     * not ship the first run's change, which the backup would apply a second time on a later window.
     */
    @Test
    void aSecondRunThatChangesNothingMustNotShipTheFirstRunsChange() {
        AppendToWindow appendA = new AppendToWindow(human("a"), 500);
        Map.Entry<String, RecentWindow> primary = entry(null);
        appendA.process(primary);
        new AppendToWindow(human("b"), 500).process(primary); // someone else appends b
        appendA.process(primary); // the retry: a is already there, nothing changes
        assertEquals(List.of("a", "b"), ids(primary.getValue()));
        assertNull(appendA.getBackupProcessor());

        Map.Entry<String, RecentWindow> retracting = entry(RecentWindow.empty(500).appendPending(human("x"), 1, "w"));
        RetractFromWindow retract = new RetractFromWindow(new MessageId("x"));
        retract.process(retracting);
        retract.process(retracting);
        assertNull(retract.getBackupProcessor());
    }

    @Test
    void processorsAreSerializableWithTheirStateButWithoutTheAppliedChange() throws Exception {
        AppendToWindow append = new AppendToWindow(human("a"), 500);
        append.process(entry(null));
        AppendToWindow copy = roundTrip(append);
        assertNull(copy.getBackupProcessor(), "the applied change is transient");
        Map.Entry<String, RecentWindow> target = entry(null);
        AppendOutcome outcome = copy.process(target);
        assertEquals(new MessageId("a"), outcome.message().id());
        assertEquals(500, target.getValue().capacity());
    }


    @Test
    void aRunThatFailsHalfWayLeavesTheWindowAndShipsNothing() {
        RecentWindow pending = RecentWindow.empty(500).appendPending(human("p"), 2, "writer");
        Map.Entry<String, RecentWindow> entry = entry(pending);
        WindowChangesProcessor<Void> failing = new WindowChangesProcessor<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected Void run(Changes changes) {
                changes.apply(new dev.chorus.domain.WindowChange.Committed(new MessageId("p")));
                throw new IllegalStateException("the second change failed");
            }
        };
        assertThrows(IllegalStateException.class, () -> failing.process(entry));
        assertSame(pending, entry.getValue(), "the first change is not kept without the rest");
        assertNull(failing.getBackupProcessor(), "and not shipped");
    }
}
