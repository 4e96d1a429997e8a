package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;
import dev.chorus.domain.WindowDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Base of every processor that changes the recent window: a subclass makes any number of {@link WindowChange}s
 * in turn ({@link Changes#apply}), each to the window the one before it left; this base publishes each as a
 * {@link WindowDelta} to every member's replica ({@link WindowChanges#TOPIC}), in order, and ships the same
 * deltas to the backup ({@link ApplyWindowDelta}): what travels is the change, never the whole window, and a
 * backup never recomputes (a stamp's timestamp is in the delta).
 *
 * <p>Most processors make one change ({@link WindowChangeProcessor}); the batches of one member's concurrent
 * posts ({@link StampPendingBatch}, {@link CommitBatchInWindow}) make one per post in a single visit to the
 * owner's partition thread, which is what every post in the cluster otherwise queues for, twice.
 */
abstract class WindowChangesProcessor<R> implements EntryProcessor<String, RecentWindow, R>, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private transient HazelcastInstance hazelcast;
    private transient List<WindowDelta> applied;

    /** What a processor decided: the change to make (null: none) and what to answer. */
    protected record Decision<R>(WindowChange change, R result) {
        static <R> Decision<R> none(R result) {
            return new Decision<>(null, result);
        }
    }

    /** The window as this run has changed it so far, and the deltas of its changes. */
    protected final class Changes {
        private RecentWindow current;
        private final List<WindowDelta> deltas = new ArrayList<>(1);

        private Changes(RecentWindow current) {
            this.current = current;
        }

        /** The window now (null: there is no window on this member yet). */
        public RecentWindow current() {
            return current;
        }

        /** Makes {@code change} to the current window; returns the window after it. */
        public RecentWindow apply(WindowChange change) {
            WindowDelta delta = WindowDelta.of(current, change);
            current = delta.applyTo(current);
            deltas.add(delta);
            return current;
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
        Changes changes = new Changes(entry.getValue());
        R result = run(changes);
        if (!changes.deltas.isEmpty()) {
            // set, then published: a run that failed half-way has published nothing the window does not hold
            entry.setValue(changes.current);
            applied = changes.deltas;
            if (hazelcast != null) { // null only when a test calls process() without a grid
                changes.deltas.forEach(hazelcast.getTopic(WindowChanges.TOPIC)::publish);
            }
        }
        return result;
    }

    /** Makes this processor's changes through {@code changes} and returns its answer. */
    protected abstract R run(Changes changes);

    @Override
    public final EntryProcessor<String, RecentWindow, R> getBackupProcessor() {
        return applied == null ? null : new ApplyWindowDelta<>(applied);
    }
}
