package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The backup contract of every processor, without a grid: the backup gets exactly the value the primary computed
 * (it never recomputes, so a backup cannot stamp a different timestamp), and nothing when nothing changed.
 */
class ComputingProcessorTest {

    private static <V> Map.Entry<String, V> entry(V value) {
        return new SimpleEntry<>("recent", value);
    }

    private static List<String> ids(RecentWindow window) {
        return window.entries().stream().map(m -> m.id().value()).collect(Collectors.toList());
    }

    @Test
    void theBackupReceivesThePrimarysComputedValueNotARecomputation() {
        AppendToWindow append = new AppendToWindow(human("a"), 500);
        Map.Entry<String, RecentWindow> primary = entry(null);
        append.process(primary);

        EntryProcessor<String, RecentWindow, AppendOutcome> backup = append.getBackupProcessor();
        assertInstanceOf(SetValue.class, backup);
        // a backup whose copy differs (e.g. it is behind) still ends up with the primary's value, same object
        Map.Entry<String, RecentWindow> backupEntry = entry(RecentWindow.empty(7).append(human("other"), 1));
        assertNull(backup.process(backupEntry));
        assertSame(primary.getValue(), backupEntry.getValue());
        assertNull(backup.getBackupProcessor());
    }

    @Test
    void nothingIsShippedToTheBackupWhenNothingChanged() {
        RecentWindow window = RecentWindow.empty(500).append(human("a"), 1);
        assertNull(processThenBackup(new AppendToWindow(human("a"), 500), window), "duplicate append");
        assertNull(processThenBackup(new ReplaceInWindow(human("zzz")), window), "replace of an absent id");
        assertNull(processThenBackup(new RetractFromWindow(new MessageId("zzz")), window), "retract of an absent id");
        assertNull(processThenBackup(new ReplaceInWindow(human("zzz")), null), "replace on no window");
        assertNull(processThenBackup(new RetractFromWindow(new MessageId("zzz")), null), "retract on no window");
        assertNull(processThenBackup(new SetProcessed(true), null), "set processed on no message");
    }

    @Test
    void everyChangingProcessorShipsItsValue() {
        RecentWindow window = RecentWindow.empty(500).append(human("a"), 1);
        assertNotNull(processThenBackup(new AppendToWindow(human("b"), 500), window));
        assertNotNull(processThenBackup(new ReplaceInWindow(human("a")), window));
        assertNotNull(processThenBackup(new RetractFromWindow(new MessageId("p")),
                window.appendPending(human("p"), 2, "writer")));
        assertNotNull(processThenBackup(new SetProcessed(true), human("m")));
        assertNotNull(processThenBackup(new CountPost(10, 60_000, 1), null));
    }

    private static <V> EntryProcessor<String, V, ?> processThenBackup(EntryProcessor<String, V, ?> processor, V value) {
        processor.process(entry(value));
        return processor.getBackupProcessor();
    }

    /**
     * BUG (src/main/java/dev/chorus/infrastructure/grid/processors/ComputingProcessor.java): {@code computed} is kept
     * from an earlier {@code process} call of the same instance. When the instance runs again and changes nothing
     * (the idempotent "already there" path), {@code getBackupProcessor()} still returns {@code SetValue(old value)},
     * which overwrites the backup with a stale window and drops everything appended in between. Hazelcast runs a
     * processor instance again on a retry and, for a caller on the key's owner, uses the caller's instance without
     * copying it (see TwoMemberWindowProcessorsTest). Fix: reset {@code computed = null} at the start of
     * {@code process} (or assign it unconditionally).
     */
    @Test
    void aSecondRunThatChangesNothingMustNotShipTheFirstRunsValue() {
        AppendToWindow appendA = new AppendToWindow(human("a"), 500);
        Map.Entry<String, RecentWindow> primary = entry(null);
        appendA.process(primary);
        new AppendToWindow(human("b"), 500).process(primary); // someone else appends b
        assertEquals(List.of("a", "b"), ids(primary.getValue()));

        appendA.process(primary); // the retry: a is already there, nothing changes
        assertEquals(List.of("a", "b"), ids(primary.getValue()));

        EntryProcessor<String, RecentWindow, AppendOutcome> backup = appendA.getBackupProcessor();
        Map.Entry<String, RecentWindow> backupEntry = entry(primary.getValue());
        if (backup != null) {
            backup.process(backupEntry);
        }
        assertEquals(List.of("a", "b"), ids(backupEntry.getValue()),
                "the backup must not be rolled back to the window of the first run");
    }

    @Test
    void aSecondRetractThatChangesNothingMustNotResurrectOnTheBackup() {
        Map.Entry<String, RecentWindow> primary = entry(RecentWindow.empty(500).appendPending(human("a"), 1, "writer"));
        RetractFromWindow retract = new RetractFromWindow(new MessageId("a"));
        retract.process(primary);
        new AppendToWindow(human("b"), 500).process(primary);

        retract.process(primary); // rerun: a is gone already
        EntryProcessor<String, RecentWindow, Boolean> backup = retract.getBackupProcessor();
        Map.Entry<String, RecentWindow> backupEntry = entry(primary.getValue());
        if (backup != null) {
            backup.process(backupEntry);
        }
        assertEquals(List.of("b"), ids(backupEntry.getValue()));
    }

    @Test
    void processorsAreSerializableWithTheirStateButWithoutTheComputedValue() throws Exception {
        AppendToWindow append = new AppendToWindow(human("a"), 500);
        append.process(entry(null));
        AppendToWindow copy = roundTrip(append);
        assertNull(copy.getBackupProcessor(), "computed is transient");
        Map.Entry<String, RecentWindow> target = entry(null);
        AppendOutcome outcome = copy.process(target);
        assertEquals(new MessageId("a"), outcome.message().id());
        assertEquals(500, target.getValue().capacity());
        Map.Entry<String, Message> written = entry(null);
        roundTrip(new SetValue<String, Message, Object>(human("x"))).process(written);
        assertEquals(human("x"), written.getValue());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
