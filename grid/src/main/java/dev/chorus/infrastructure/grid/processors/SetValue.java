package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/** The backup side of every processor here: write the value the primary computed, do not recompute it. */
public final class SetValue<K, V, R> implements EntryProcessor<K, V, R> {
    private static final long serialVersionUID = 1L;
    private final V value;

    public SetValue(V value) {
        this.value = value;
    }

    @Override
    public R process(Map.Entry<K, V> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<K, V, R> getBackupProcessor() {
        return null;
    }
}
