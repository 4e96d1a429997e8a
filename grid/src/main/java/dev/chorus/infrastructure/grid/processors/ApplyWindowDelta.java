package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowDelta;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The backup side of every window processor: applies the primary's change to the backup's copy, which
 * Hazelcast keeps in step with the primary's by running backups in order per partition. A copy the delta does
 * not fit (its version or history fingerprint differs) is left alone and logged, never made into a window the
 * primary did not have. Hazelcast's replica sync compares partition versions, not content, so it does not repair
 * such a copy: if it is promoted, it serves until the take-over that follows the loss of a member (about a second
 * later) rebuilds the window from the table.
 */
public final class ApplyWindowDelta<R> implements EntryProcessor<String, RecentWindow, R> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ApplyWindowDelta.class.getName());
    private final WindowDelta delta;

    public ApplyWindowDelta(WindowDelta delta) {
        this.delta = delta;
    }

    @Override
    public R process(Map.Entry<String, RecentWindow> entry) {
        RecentWindow copy = entry.getValue();
        WindowDelta.Fit fit = delta.fit(copy);
        if (fit == WindowDelta.Fit.APPLIES) {
            entry.setValue(delta.applyTo(copy));
        } else if (fit == WindowDelta.Fit.GAP) {
            LOG.warning(() -> "The window's backup copy (version " + (copy == null ? "none" : copy.version())
                    + ") does not fit " + delta + "; left as it is until the next take-over");
        }
        return null;
    }

    @Override
    public EntryProcessor<String, RecentWindow, R> getBackupProcessor() {
        return null;
    }
}
