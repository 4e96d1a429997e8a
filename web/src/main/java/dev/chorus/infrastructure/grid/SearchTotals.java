package dev.chorus.infrastructure.grid;

import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;
import dev.chorus.infrastructure.persistence.jdbc.SearchMatches;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Exact totals of free-text searches without counting every match on every page. Counting a common word's
 * matches reads each of them (a substring match has no index that counts: ~900 ms for 300,000 matches of a
 * million rows on PostgreSQL, measured by MillionMessagesBenchmark), and the original page asks the total with
 * every page it shows. So this member keeps, per search, the count up to a timestamp below which no match can
 * appear or go any more, and on each search counts only the matches newer than that (the {@code ts} index, a
 * few rows): the total stays exact.
 *
 * <p>Why the kept part cannot change: below the window's newest visible timestamp every message is committed
 * (the window stops readers at the first pending entry, and new posts, imports included, are stamped after the
 * newest), and the rows of the table below it change only by an operator's hide or restore, each of which takes
 * the window over under a new epoch ({@link WindowFence#rebuildAfterTableChange}) — as does every other
 * take-over. A count kept under an older epoch is therefore dropped and counted again. The one change of a row
 * that bumps no epoch, bot bookkeeping, touches neither text, name, type nor visibility. A hide on another member
 * reaches this member's totals when its window does (milliseconds, as a post does); on the member that hid,
 * before the hide is answered. Bounded to {@value #MAX_SEARCHES} searches, least recently asked dropped first.
 */
final class SearchTotals {
    static final int MAX_SEARCHES = 512;

    /** Counts a search's matches: see {@code JdbcMessageRepository#countMatching(type, search, after, settledUntil)}. */
    @FunctionalInterface
    interface Counter {
        SearchMatches count(MessageType type, String search, long after, long settledUntil);
    }

    private record Search(MessageType type, String term) {
    }

    /** {@code settled} matches at or before {@code until}, counted under window epoch {@code epoch}. */
    private record Kept(long epoch, long until, long settled) {
    }

    /**
     * Least recently asked first (access order). Trimmed by hand rather than by a {@code removeEldestEntry}
     * subclass: such a subclass would be a serialisable web class, which GridBoundaryTest keeps off the grid.
     */
    private final Map<Search, Kept> kept = new LinkedHashMap<>(64, 0.75f, true);

    /** The number of visible messages matching {@code search} (and {@code type}, when not null), exact. */
    long total(RecentWindow window, MessageType type, String search, Counter counter) {
        Search key = new Search(type, search.toLowerCase(Locale.ROOT));
        long until = window.newestVisibleTimestamp();
        Kept known;
        synchronized (kept) {
            known = kept.get(key);
        }
        if (known == null || known.epoch() != window.epoch() || known.until() > until) {
            known = new Kept(window.epoch(), Long.MIN_VALUE, 0);
        }
        SearchMatches newer = counter.count(type, search, known.until(), until);
        Kept now = new Kept(window.epoch(), until, known.settled() + newer.settled());
        synchronized (kept) {
            // two searches racing: keep the one of the later window (epochs only grow), counted furthest in it
            kept.merge(key, now, (old, fresh) -> old.epoch() > fresh.epoch()
                    || old.epoch() == fresh.epoch() && old.until() > fresh.until() ? old : fresh);
            if (kept.size() > MAX_SEARCHES) {
                Iterator<Search> eldest = kept.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return known.settled() + newer.newer();
    }
}
