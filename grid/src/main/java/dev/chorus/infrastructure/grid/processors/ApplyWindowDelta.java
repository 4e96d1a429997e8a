package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowDelta;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The backup side of every window processor: applies the primary's changes, in order, to the backup's copy, which
 * Hazelcast keeps in step with the primary's by running backups in order per partition. A copy the delta does
 * not fit (its version or history fingerprint differs) is left alone and logged, never made into a window the
 * primary did not have. Hazelcast's replica sync compares partition versions, not content, so it does not repair
 * such a copy: if it is promoted, it serves until the take-over that follows the loss of a member (about a second
 * later) rebuilds the window from the table.
 */
public final class ApplyWindowDelta<R> implements EntryProcessor<String, RecentWindow, R> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ApplyWindowDelta.class.getName());
    private final List<WindowDelta> deltas;

    public ApplyWindowDelta(WindowDelta delta) {
        this(List.of(delta));
    }

    public ApplyWindowDelta(List<WindowDelta> deltas) {
        this.deltas = List.copyOf(deltas);
    }

    @Override
    public R process(Map.Entry<String, RecentWindow> entry) {
        RecentWindow copy = entry.getValue();
        for (WindowDelta delta : deltas) {
            WindowDelta.Fit fit = delta.fit(copy);
            if (fit == WindowDelta.Fit.APPLIES) {
                copy = delta.applyTo(copy);
            } else if (fit == WindowDelta.Fit.GAP) {
                RecentWindow unfit = copy;
                LOG.warning(() -> "The window's backup copy (version " + (unfit == null ? "none" : unfit.version())
                        + ") does not fit " + delta + "; left as it is until the next take-over");
                break;
            }
        }
        if (copy != entry.getValue()) {
            entry.setValue(copy);
        }
        return null;
    }

    @Override
    public EntryProcessor<String, RecentWindow, R> getBackupProcessor() {
        return null;
    }
}
