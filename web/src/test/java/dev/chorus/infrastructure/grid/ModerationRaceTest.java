package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.infrastructure.persistence.jdbc.StatementBudget;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.infrastructure.grid.processors.InstallWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hiding and restoring ({@link HazelcastMessageBoard#setHidden}) on a two-member embedded cluster while the
 * window is taken over, while posts arrive and while hides and restores of one message race each other: what a
 * reader depends on — every visible message exactly once, a hidden one never after its hide returned, counts that
 * are those of the visible rows — and that no take-over can lose a hide or count it twice.
 */
class ModerationRaceTest {
    private static final int SEEDS = 70; // more than the window holds (50): the oldest are in the database only
    private EmbeddedBoard grid;
    private GridMember a;
    private GridMember b;

    @BeforeEach
    void start() {
        grid = EmbeddedBoard.start(ModerationRaceTest.class, 2);
        a = grid.member(0);
        b = grid.member(1);
    }

    @AfterEach
    void stop() {
        grid.close();
    }

    private void seed(int count) {
        for (int i = 0; i < count; i++) {
            a.board.post(human("s-" + i), () -> { });
        }
    }

    /** Every message a reader polling from 0 and following the cursor gets, in delivery order. */
    private static List<String> readAll(GridMember member) {
        List<String> delivered = new ArrayList<>();
        long cursor = 0;
        while (true) {
            List<Message> batch = new ArrayList<>(member.board.after(cursor, null, 7));
            if (batch.isEmpty()) {
                return delivered;
            }
            Collections.reverse(batch);
            for (Message message : batch) {
                delivered.add(message.id().value());
                cursor = Math.max(cursor, message.timestamp());
            }
        }
    }

    /** The visible rows, oldest first: the truth every reader must agree with. */
    private List<String> visibleRows() {
        List<String> rows = new ArrayList<>(grid.history.after(0, null, 100_000).stream().map(m -> m.id().value())
                .toList());
        Collections.reverse(rows);
        return rows;
    }

    private void assertEveryReaderAgreesWithTheTable() {
        List<String> truth = visibleRows();
        long visible = grid.history.countMatching(null, null);
        assertEquals(truth.size(), visible);
        assertEquals(visible, grid.history.counts().total(), "the kept counts are those of the visible rows");
        for (GridMember member : List.of(a, b)) {
            Awaitility.await("member's replica agrees with the table").atMost(Duration.ofSeconds(10))
                    .until(() -> member.board.counts().total() == visible && readAll(member).equals(truth));
            assertEquals(truth, member.board.page(0, 100_000, null, null).messages().stream()
                    .map(m -> m.id().value()).toList());
            assertEquals(visible, member.board.page(0, 10, null, null).total());
            for (String term : SEARCHES) { // kept search totals (SearchTotals) agree with a count of the table
                assertEquals(grid.history.countMatching(null, term), member.board.page(0, 5, null, term).total(), term);
            }
        }
    }

    /** Searches a board's totals are checked for: every message, the seeds, posts of one writer, a few seeds. */
    private static final List<String> SEARCHES = List.of("text", "OF S-", "of p-2-", "s-1");

    private static long searchTotal(GridMember member, String term) {
        return member.board.page(0, 0, null, term).total();
    }

    @Test
    void aHideIsNotLostToATakeOverThatReadTheTableBeforeIt() {
        seed(10);
        long claimed = grid.history.claimWriterEpoch(); // another member takes the window over...
        RecentWindow readBefore = RecentWindow.restored(grid.history.newest(EmbeddedBoard.WINDOW_CAPACITY),
                grid.history.counts(), grid.history.maxTimestamp(), EmbeddedBoard.WINDOW_CAPACITY); // ...reads...

        assertTrue(b.board.setHidden(new MessageId("s-3"), true).isPresent()); // the hide commits meanwhile
        a.maps.window().executeOnKey(GridMaps.WINDOW_KEY, new InstallWindow(readBefore, claimed)); // ...installs

        assertFalse(readAll(b).contains("s-3"), "gone on the hiding member when the hide returned");
        assertEquals(9, b.board.counts().total());
        assertEveryReaderAgreesWithTheTable();
    }

    @Test
    void aRetriedHideRepairsTheWindowAFailedFirstTryLeftShowingIt() {
        seed(10);
        // the first try: the flag and count committed, then the window step failed and the operator got a 503
        grid.history.setHidden(new MessageId("s-3"), true, StatementBudget.ofSeconds(5));

        assertTrue(b.board.setHidden(new MessageId("s-3"), true).isPresent(), "the operator's retry");

        assertFalse(readAll(b).contains("s-3"));
        assertEquals(9, b.board.counts().total());
        assertEveryReaderAgreesWithTheTable();
    }

    @Test
    void aRestoreOlderThanTheWindowAfterHidesLeavesNoGapACursorCouldSkip() {
        seed(SEEDS); // the window holds s-20..s-69
        assertTrue(a.board.setHidden(new MessageId("s-5"), true).isPresent());
        assertTrue(a.board.setHidden(new MessageId("s-40"), true).isPresent());
        assertTrue(b.board.setHidden(new MessageId("s-5"), false).isPresent());

        List<String> all = readAll(a);
        assertEquals(SEEDS - 1, all.size());
        assertTrue(all.containsAll(List.of("s-5", "s-6", "s-19")), "nothing between s-5 and the window skipped");
        assertFalse(all.contains("s-40"));
        assertEveryReaderAgreesWithTheTable();
    }

    /** One reader polling from 0 on {@code member}: what it got, and what it should never have got. */
    private final class Reader implements Runnable {
        final GridMember member;
        final AtomicBoolean stop;
        /** Message id -> System.nanoTime() when its hide returned on member a or b (never restored). */
        final Map<String, Long> hiddenForGood;
        final Map<String, GridMember> hiddenOn;
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();

        Reader(GridMember member, AtomicBoolean stop, Map<String, Long> hiddenForGood, Map<String, GridMember> hiddenOn) {
            this.member = member;
            this.stop = stop;
            this.hiddenForGood = hiddenForGood;
            this.hiddenOn = hiddenOn;
        }

        @Override
        public void run() {
            long cursor = 0;
            Set<String> seen = ConcurrentHashMap.newKeySet();
            boolean stopping = false;
            while (true) {
                long asked = System.nanoTime();
                List<Message> batch = new ArrayList<>(member.board.after(cursor, null, 7));
                if (batch.isEmpty()) {
                    if (stopping) {
                        return;
                    }
                    stopping = stop.get(); // one more empty poll after the last write: caught up
                    sleep(2);
                    continue;
                }
                Collections.reverse(batch);
                for (Message message : batch) {
                    String id = message.id().value();
                    delivered.add(id);
                    if (!seen.add(id)) {
                        violations.add(id + " delivered twice");
                    }
                    Long hidden = hiddenForGood.get(id);
                    // on the member that hid it: never after the hide returned; elsewhere, within a generous bound
                    long bound = hiddenOn.get(id) == member ? 0 : TimeUnit.SECONDS.toNanos(3);
                    if (hidden != null && hidden + bound < asked) {
                        violations.add(id + " delivered after its hide returned");
                    }
                    if (message.timestamp() <= cursor) {
                        violations.add(id + " at or before the cursor");
                    }
                    cursor = message.timestamp();
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // a reader's pause between polls, not a wait for something to happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts {@code id} until acknowledged, as a client retries a 503 with the same id. */
    private static void postUntilAcknowledged(GridMember member, String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                member.board.post(human(id), () -> { });
                return;
            } catch (StorageUnavailableException e) { // a 503 (WritesRefusedException is one)
                if (attempt >= 50) {
                    throw e;
                }
                sleep(10);
            }
        }
    }

    /** Hides or restores until it returns, as an operator retries a 503. */
    private static void moderate(GridMember member, String id, boolean hidden) {
        for (int attempt = 1; ; attempt++) {
            try {
                assertTrue(member.board.setHidden(new MessageId(id), hidden).isPresent(), id);
                return;
            } catch (StorageUnavailableException e) { // a 503 (WritesRefusedException is one)
                if (attempt >= 50) {
                    throw e;
                }
                sleep(10);
            }
        }
    }

    @Test
    void postsHidesRestoresAndATakeOverRacingLeaveEveryReaderEachVisibleMessageOnceAndTheCountsRight()
            throws Exception {
        seed(SEEDS);
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Long> hiddenForGood = new ConcurrentHashMap<>();
        Map<String, GridMember> hiddenOn = new ConcurrentHashMap<>();
        List<Reader> readers = List.of(new Reader(a, stop, hiddenForGood, hiddenOn),
                new Reader(a, stop, hiddenForGood, hiddenOn), new Reader(b, stop, hiddenForGood, hiddenOn),
                new Reader(b, stop, hiddenForGood, hiddenOn));
        List<String> posts = new CopyOnWriteArrayList<>();
        Set<String> flapped = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(14);
        try {
            List<Future<?>> readersDone = new ArrayList<>();
            readers.forEach(reader -> readersDone.add(pool.submit(reader)));
            List<Future<?>> writers = new ArrayList<>();
            for (int poster = 0; poster < 4; poster++) {
                GridMember member = poster % 2 == 0 ? a : b;
                String prefix = "p-" + poster + "-";
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        postUntilAcknowledged(member, prefix + i);
                        posts.add(prefix + i);
                    }
                }));
            }
            writers.add(pool.submit(() -> { // hidden for good: old (database only), in the window, and new posts
                for (int i = 0; i < 10; i++) {
                    String id = i % 3 == 2 && !posts.isEmpty() ? posts.get(posts.size() / 2) : "s-" + (i * 7);
                    if (hiddenForGood.containsKey(id)) {
                        continue;
                    }
                    GridMember member = i % 2 == 0 ? a : b;
                    GridMember other = member == a ? b : a;
                    String own = "text of " + id; // a seed's own text matches it alone (no s-70 and above)
                    boolean seed = id.startsWith("s-");
                    if (seed) { // both members keep the search's total before the hide
                        assertEquals(1, searchTotal(member, own), own);
                        assertEquals(1, searchTotal(other, own), own);
                    }
                    moderate(member, id, true);
                    hiddenOn.put(id, member);
                    hiddenForGood.put(id, System.nanoTime());
                    if (seed) {
                        assertEquals(0, searchTotal(member, own), "gone from the hiding member's search at once");
                        Awaitility.await("gone from the other member's search").atMost(Duration.ofSeconds(3))
                                .until(() -> searchTotal(other, own) == 0);
                    }
                    if (i == 5) {
                        b.fence.fence("test: a take-over mid-way");
                    }
                }
            }));
            for (GridMember member : List.of(a, b)) { // searches keep their totals while all of that runs
                readersDone.add(pool.submit(() -> {
                    while (!stop.get()) {
                        for (String term : SEARCHES) {
                            searchTotal(member, term);
                        }
                        sleep(5);
                    }
                }));
            }
            writers.add(pool.submit(() -> { // one message hidden and restored at once, from both members
                for (int round = 0; round < 6; round++) {
                    boolean hideOnA = round % 2 == 0;
                    String id = "s-" + (3 + round * 10);
                    flapped.add(id);
                    CountDownLatch together = new CountDownLatch(1);
                    Future<?> hide = pool.submit(() -> {
                        together.await();
                        moderate(hideOnA ? a : b, id, true);
                        return null;
                    });
                    Future<?> restore = pool.submit(() -> {
                        together.await();
                        moderate(hideOnA ? b : a, id, false);
                        return null;
                    });
                    together.countDown();
                    hide.get(60, TimeUnit.SECONDS);
                    restore.get(60, TimeUnit.SECONDS);
                }
                return null;
            }));
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            stop.set(true);
            for (Future<?> reader : readersDone) {
                reader.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }

        assertEveryReaderAgreesWithTheTable();
        Set<String> untouched = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < SEEDS; i++) {
            untouched.add("s-" + i);
        }
        untouched.addAll(posts);
        untouched.removeAll(hiddenForGood.keySet());
        untouched.removeAll(flapped);
        assertEquals(SEEDS + 100, untouched.size() + hiddenForGood.size() + flapped.size(), "every post acknowledged");
        for (Reader reader : readers) {
            assertEquals(List.of(), reader.violations);
            assertTrue(reader.delivered.containsAll(untouched),
                    "every message moderation never touched reached every reader");
        }
        List<String> visible = visibleRows();
        assertTrue(visible.containsAll(untouched));
        assertTrue(Collections.disjoint(visible, hiddenForGood.keySet()));
    }
}
