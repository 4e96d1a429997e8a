package dev.chorus.application.migration;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.BoardService;
import dev.chorus.application.Caller;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.InvalidMessageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Imports the original's history. Entries are stored in the original order (by their original timestamp, file order
 * on ties), one at a time, through {@link BoardService#importMessage}: each gets a new server timestamp after
 * everything on the board, its original one kept as {@code clientTimestamp}. So an import into a board that already
 * has messages appends the history after them; pollers see the imported messages as new ones, each exactly once,
 * and no cursor can miss or repeat a message because of the import. Idempotent on id: a second run stores nothing.
 */
@ApplicationScoped
public class HistoryImport {
    private static final Logger LOG = Logger.getLogger(HistoryImport.class.getName());
    /** Skipped entries listed one by one in the report; the rest are only counted. */
    public static final int LISTED_SKIPS = 1000;

    @Inject
    BoardService board;

    public ImportReport run(List<ImportItem> items, Caller caller) {
        if (!caller.bot()) {
            throw new AccessDeniedException("Import needs the bot credential");
        }
        List<ImportItem> ordered = items.stream().filter(item -> item.message() != null)
                .sorted(Comparator.comparingLong((ImportItem item) -> item.message().clientTimestamp())
                        .thenComparingInt(ImportItem::index))
                .toList();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        List<ImportItem> listed = new ArrayList<>();
        items.stream().filter(item -> item.message() == null).forEach(item -> skip(item, skipped, listed));
        int imported = 0;
        int duplicates = 0;
        for (ImportItem item : ordered) {
            try {
                AppendOutcome outcome = board.importMessage(item.message(), caller);
                if (outcome.duplicate()) {
                    duplicates++;
                } else {
                    imported++;
                }
            } catch (InvalidMessageException e) {
                skip(ImportItem.skipped(item.index(), item.id(), e.getMessage()), skipped, listed);
            }
        }
        listed.sort(Comparator.comparingInt(ImportItem::index));
        ImportReport report = new ImportReport(items.size(), imported, duplicates, skipped, listed);
        LOG.info(() -> "Import: " + report.received() + " entries, " + report.imported() + " imported, "
                + report.duplicates() + " already present, " + report.skippedCount() + " skipped " + skipped);
        return report;
    }

    private static void skip(ImportItem item, Map<String, Integer> skipped, List<ImportItem> listed) {
        skipped.merge(item.problem(), 1, Integer::sum);
        if (listed.size() < LISTED_SKIPS) {
            listed.add(item);
        }
    }
}
