package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.RecentWindow;
import java.util.Map;

/**
 * Reads only the writer epoch, version and history fingerprint of the window on its owner
 * ({@code [epoch, version, chain]}, or null when there is no window): 24 bytes, where the window is ~100 KB. A member compares it with its replica now and
 * then, to find out that it missed a change when no later change came to tell it.
 */
public final class ReadWindowVersion implements EntryProcessor<String, RecentWindow, long[]>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public long[] process(Map.Entry<String, RecentWindow> entry) {
        RecentWindow window = entry.getValue();
        return window == null ? null : new long[] {window.epoch(), window.version(), window.chain()};
    }

    @Override
    public EntryProcessor<String, RecentWindow, long[]> getBackupProcessor() {
        return null;
    }
}
