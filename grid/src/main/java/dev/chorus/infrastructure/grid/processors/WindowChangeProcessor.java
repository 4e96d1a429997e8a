package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;
import dev.chorus.domain.WindowDelta;
import java.util.Map;

/**
 * Base of every processor that changes the recent window. A subclass decides, on the window's owner, one
 * {@link WindowChange} (or none) and its result; this base applies it, publishes it as a {@link WindowDelta} to
 * every member's replica ({@link WindowChanges#TOPIC}) and ships the same delta to the backup
 * ({@link ApplyWindowDelta}): what travels is the change, never the whole window, and a backup never recomputes
 * (a stamp's timestamp is in the delta).
 */
abstract class WindowChangeProcessor<R> implements EntryProcessor<String, RecentWindow, R>, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private transient HazelcastInstance hazelcast;
    private transient WindowDelta applied;

    /** What a processor decided: the change to make (null: none) and what to answer. */
    protected record Decision<R>(WindowChange change, R result) {
        static <R> Decision<R> none(R result) {
            return new Decision<>(null, result);
        }
    }

    @Override
    public final void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** The member this processor runs on (the key's owner). */
    protected final String localMember() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    @Override
    public final R process(Map.Entry<String, RecentWindow> entry) {
        applied = null; // a rerun of this instance that changes nothing must not ship an earlier delta
        RecentWindow before = entry.getValue();
        Decision<R> decision = decide(before);
        if (decision.change() == null) {
            return decision.result();
        }
        WindowDelta delta = WindowDelta.of(before, decision.change());
        RecentWindow after = delta.applyTo(before);
        entry.setValue(after);
        applied = delta;
        if (hazelcast != null) { // null only when a test calls process() without a grid
            hazelcast.getTopic(WindowChanges.TOPIC).publish(delta);
        }
        return resultAfter(decision, after);
    }

    /** Decides the change to {@code current} (null: there is no window on this member yet). */
    protected abstract Decision<R> decide(RecentWindow current);

    /** The answer once the change is made; by default the one decided. */
    protected R resultAfter(Decision<R> decision, RecentWindow after) {
        return decision.result();
    }

    @Override
    public final EntryProcessor<String, RecentWindow, R> getBackupProcessor() {
        return applied == null ? null : new ApplyWindowDelta<>(applied);
    }
}
