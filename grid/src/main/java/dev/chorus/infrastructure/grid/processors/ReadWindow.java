package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.RecentWindow;
import java.util.Map;

/**
 * Reads the window on its owner, past any local copy (near cache, or a member's memory of the side it was on
 * before a merge): what a member reads after it rejoined the cluster.
 */
public final class ReadWindow implements EntryProcessor<String, RecentWindow, RecentWindow>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public RecentWindow process(Map.Entry<String, RecentWindow> entry) {
        return entry.getValue();
    }

    @Override
    public EntryProcessor<String, RecentWindow, RecentWindow> getBackupProcessor() {
        return null;
    }
}
