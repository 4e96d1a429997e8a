package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Base of processors that compute a new value on the primary: subclasses return the value to write (or null
 * to change nothing) and the result; the backup receives the computed value through {@link SetValue}.
 */
abstract class ComputingProcessor<K, V, R> implements EntryProcessor<K, V, R> {
    private static final long serialVersionUID = 1L;
    private transient V computed;

    @Override
    public final R process(Map.Entry<K, V> entry) {
        computed = null; // a rerun of this instance that changes nothing must not ship an earlier value
        Change<V, R> change = compute(entry.getValue());
        if (change.newValue() != null) {
            entry.setValue(change.newValue());
            computed = change.newValue();
        }
        return change.result();
    }

    protected abstract Change<V, R> compute(V current);

    @Override
    public EntryProcessor<K, V, R> getBackupProcessor() {
        return computed == null ? null : new SetValue<>(computed);
    }

    record Change<V, R>(V newValue, R result) {
    }
}
