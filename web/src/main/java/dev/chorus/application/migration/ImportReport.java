package dev.chorus.application.migration;

import java.util.List;
import java.util.Map;

/**
 * What an import did: every entry of the file is counted once, as imported, already present (same id: a second
 * import of the same file adds nothing) or skipped with a reason.
 *
 * @param received     entries in the file
 * @param imported     new messages stored
 * @param duplicates   entries whose id the board already had (or that repeat an earlier entry of the file)
 * @param skipped      entries not stored, by reason (counts)
 * @param skippedItems the first {@value HistoryImport#LISTED_SKIPS} skipped entries: index, id, reason
 */
public record ImportReport(int received, int imported, int duplicates, Map<String, Integer> skipped,
                           List<ImportItem> skippedItems) {

    public int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
