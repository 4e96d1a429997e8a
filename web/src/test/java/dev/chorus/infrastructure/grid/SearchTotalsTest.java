package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;
import dev.chorus.infrastructure.persistence.jdbc.SearchMatches;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SearchTotals}: the total is always that of the table, counted in full once per window epoch and then
 * only past the newest committed timestamp. The table here is a map of timestamp to "matches", the counter
 * counts it as the repository's statement does and records where each count started.
 */
class SearchTotalsTest {
    private final TreeMap<Long, Boolean> table = new TreeMap<>(); // ts -> matches the search
    private final List<Long> countedAfter = new ArrayList<>();
    private final SearchTotals totals = new SearchTotals();
    private RecentWindow window;

    private final SearchTotals.Counter counter = (type, search, after, settledUntil) -> {
        countedAfter.add(after);
        long settled = table.subMap(after, false, settledUntil, true).values().stream().filter(m -> m).count();
        long newer = table.tailMap(after, false).values().stream().filter(m -> m).count();
        return new SearchMatches(settled, newer);
    };

    @BeforeEach
    void aThousandRowsHalfOfThemMatching() {
        for (long ts = 1; ts <= 1000; ts++) {
            table.put(ts, ts % 2 == 0);
        }
        window = RecentWindow.restored(List.of(), new MessageCounts(1000, 0), 1000, 10).fencedBy(7, "member", 0);
    }

    private long total(String search) {
        return totals.total(window, null, search, counter);
    }

    /** A new post: its row in the table, then the window's entry, pending until committed when {@code commit}. */
    private void post(String id, boolean matches, boolean commit) {
        Message stamped = window.stamp(human(id), 0);
        table.put(stamped.timestamp(), matches);
        window = window.appendStamped(stamped, "member");
        if (commit) {
            window = window.commit(new MessageId(id));
        }
    }

    @Test
    void theFirstSearchCountsEveryMatchAndTheNextOnlyThoseNewerThanItCounted() {
        assertEquals(500, total("coffee"));
        assertEquals(List.of(Long.MIN_VALUE), countedAfter);

        for (int i = 0; i < 10; i++) {
            post("p-" + i, i % 2 == 0, true);
        }
        assertEquals(505, total("coffee"));
        assertEquals(1000L, countedAfter.get(1), "counted from where the first search stopped");
        assertEquals(505, total("COFFEE"), "the same search in other case");
        assertEquals(1010L, countedAfter.get(2));
    }

    @Test
    void aPendingPostIsCountedLikeTheTableCountsItButNotKeptUntilCommitted() {
        assertEquals(500, total("coffee"));
        post("pending", true, false);
        assertEquals(501, total("coffee"), "its row is in the table, as a plain count would find it");
        assertEquals(501, total("coffee"));
        assertEquals(1000L, countedAfter.get(2), "not kept while it may still be taken back");

        table.remove(table.lastKey()); // taken back: the row is gone
        window = window.retract(new MessageId("pending"));
        assertEquals(500, total("coffee"));
        post("next", true, true);
        assertEquals(501, total("coffee"));
        assertEquals(501, total("coffee"));
        assertEquals(table.lastKey(), countedAfter.get(countedAfter.size() - 1), "kept up to the committed post");
    }

    @Test
    void aNewWindowEpochCountsAgainInFullSoAHideOrRestoreAnywhereIsCounted() {
        assertEquals(500, total("coffee"));
        table.remove(500L); // an operator hides a matching message: its take-over gives the window a new epoch
        window = window.fencedBy(8, "member", window.version());
        assertEquals(499, total("coffee"));
        assertEquals(Long.MIN_VALUE, countedAfter.get(1));
        table.put(500L, true); // and restores it
        window = window.fencedBy(9, "member", window.version());
        assertEquals(500, total("coffee"));
    }

    @Test
    void eachTypeAndTermIsKeptApartAndTheLeastRecentlyAskedGoFirstPastTheBound() {
        assertEquals(500, total("coffee"));
        assertEquals(500, totals.total(window, MessageType.AI, "coffee", counter));
        assertEquals(Long.MIN_VALUE, countedAfter.get(1), "another type is another search");
        for (int i = 0; i < SearchTotals.MAX_SEARCHES; i++) {
            total("term " + i);
        }
        countedAfter.clear();
        total("term " + (SearchTotals.MAX_SEARCHES - 1));
        assertEquals(List.of(1000L), countedAfter, "a recent search is still kept");
        total("coffee");
        assertEquals(Long.MIN_VALUE, countedAfter.get(1), "the oldest was dropped and is counted again");
    }
}
