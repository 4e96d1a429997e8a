package dev.chorus.application.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.application.AccessDeniedException;
import dev.chorus.application.BoardService;
import dev.chorus.application.Caller;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.Message;
import dev.chorus.domain.TestMessages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The import's own rules: original order, idempotence on id, a report that counts every entry once. */
class HistoryImportTest {
    private static final Caller BOT = new Caller("127.0.0.1", true);

    /** A board that remembers ids, as the real one does, and refuses one message the way the board can. */
    private static final class RecordingBoard extends BoardService {
        final List<String> stored = new ArrayList<>();
        final Set<String> ids = new HashSet<>();

        @Override
        public AppendOutcome importMessage(Message message, Caller caller) {
            if (message.id().value().equals("refused")) {
                throw new InvalidMessageException("text", "refused by the board");
            }
            boolean repeat = !ids.add(message.id().value());
            if (!repeat) {
                stored.add(message.id().value());
            }
            return new AppendOutcome(message, repeat);
        }
    }

    private static ImportItem item(int index, String id, long originalTimestamp) {
        return ImportItem.of(index, TestMessages.message(id).clientTimestamp(originalTimestamp).build());
    }

    private static HistoryImport importer(RecordingBoard board) {
        HistoryImport history = new HistoryImport();
        history.board = board;
        return history;
    }

    @Test
    void storesInTheOriginalOrderFileOrderOnTiesAndCountsEveryEntryOnce() {
        RecordingBoard board = new RecordingBoard();
        List<ImportItem> file = List.of(item(0, "c", 30), item(1, "a", 10), ImportItem.skipped(2, null, "no id"),
                item(3, "b2", 20), item(4, "b1", 20), item(5, "a", 10), item(6, "refused", 40),
                ImportItem.skipped(7, "x", "no id"));
        ImportReport report = importer(board).run(file, BOT);
        assertEquals(List.of("a", "b2", "b1", "c"), board.stored, "by original timestamp, file order on ties");
        assertEquals(8, report.received());
        assertEquals(4, report.imported());
        assertEquals(1, report.duplicates(), "a repeated id within the file");
        assertEquals(Map.of("no id", 2, "refused by the board", 1), report.skipped());
        assertEquals(List.of(2, 6, 7), report.skippedItems().stream().map(ImportItem::index).toList());
        assertEquals(8, report.imported() + report.duplicates() + report.skippedCount());

        ImportReport again = importer(board).run(file, BOT);
        assertEquals(0, again.imported(), "twice: nothing new");
        assertEquals(5, again.duplicates());
    }

    @Test
    void needsTheBotCredential() {
        assertThrows(AccessDeniedException.class,
                () -> importer(new RecordingBoard()).run(List.of(), new Caller("127.0.0.1", false)));
    }
}
