package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.JavaSerialization.roundTrip;
import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.Message;
import java.util.AbstractMap.SimpleEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backup contract of the processors of single messages and counters, without a grid: the backup gets exactly
 * the value the primary computed, and nothing when nothing changed. (The window's processors ship changes
 * instead: WindowChangeProcessorTest.)
 */
class ComputingProcessorTest {

    private static <V> Map.Entry<String, V> entry(V value) {
        return new SimpleEntry<>("k", value);
    }

    @Test
    void theBackupReceivesThePrimarysComputedValue() {
        Map.Entry<String, Message> primary = entry(human("m"));
        SetProcessed set = new SetProcessed(true);
        set.process(primary);
        EntryProcessor<String, Message, ?> backup = set.getBackupProcessor();
        assertInstanceOf(SetValue.class, backup);
        Map.Entry<String, Message> backupEntry = entry(human("m"));
        backup.process(backupEntry);
        assertEquals(primary.getValue(), backupEntry.getValue());
        assertNull(backup.getBackupProcessor());
    }

    @Test
    void nothingIsShippedWhenNothingChangedAndTheChangeWhenItDid() {
        assertNull(processThenBackup(new SetProcessed(true), null), "set processed on no message");
        assertNotNull(processThenBackup(new SetProcessed(true), human("m")));
        assertNotNull(processThenBackup(new CountPost(10, 60_000, 1), null));
    }

    @Test
    void setValueSurvivesTheWire() throws Exception {
        Map.Entry<String, Message> written = entry(null);
        roundTrip(new SetValue<String, Message, Object>(human("x"))).process(written);
        assertEquals(human("x"), written.getValue());
    }

    private static <V> EntryProcessor<String, V, ?> processThenBackup(EntryProcessor<String, V, ?> processor, V value) {
        processor.process(entry(value));
        return processor.getBackupProcessor();
    }

}
