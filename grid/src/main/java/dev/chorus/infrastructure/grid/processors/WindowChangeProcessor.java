package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;

/**
 * A window processor that makes at most one {@link WindowChange}: a subclass decides, on the window's owner, the
 * change (or none) and its result; {@link WindowChangesProcessor} applies, publishes and backs it up.
 */
abstract class WindowChangeProcessor<R> extends WindowChangesProcessor<R> {
    private static final long serialVersionUID = 1L;

    @Override
    protected final R run(Changes changes) {
        Decision<R> decision = decide(changes.current());
        if (decision.change() == null) {
            return decision.result();
        }
        return resultAfter(decision, changes.apply(decision.change()));
    }

    /** Decides the change to {@code current} (null: there is no window on this member yet). */
    protected abstract Decision<R> decide(RecentWindow current);

    /** The answer once the change is made; by default the one decided. */
    protected R resultAfter(Decision<R> decision, RecentWindow after) {
        return decision.result();
    }
}
