package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.MessageCounts;
import dev.chorus.infrastructure.persistence.jdbc.StampedInsert;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Posts stored together (GroupCommit): concurrent posts share transactions, and each still gets its own
 * outcome — stored once, visible once, counted once — whatever batch it fell into.
 */
class GroupCommitTest {
    private EmbeddedBoard grid;
    private GridMember member;

    @BeforeEach
    void start() {
        grid = EmbeddedBoard.start(GroupCommitTest.class, 1);
        member = grid.member(0);
        member.board.post(human("first"), () -> { }); // the window taken over: stamps go through
    }

    @AfterEach
    void stop() {
        grid.close();
    }

    @Test
    void postsThatArriveWhileATransactionCommitsAreStoredTogetherEachWithItsOwnOutcome() throws Exception {
        int posts = 40;
        long[] before = member.inserts.batchesAndPosts();
        ExecutorService clients = Executors.newFixedThreadPool(posts);
        List<Future<AppendOutcome>> outcomes = new ArrayList<>();
        try (Connection holder = grid.dataSource.getConnection()) {
            // Hold the writer row, as a slow commit would: the first batch waits on it, every other post queues.
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.executeUpdate("UPDATE board_writer SET epoch = epoch WHERE id = 1");
            }
            CountDownLatch ready = new CountDownLatch(posts);
            for (int i = 0; i < posts; i++) {
                String id = String.format("together-%02d", i);
                outcomes.add(clients.submit(() -> {
                    ready.countDown();
                    return member.board.post(human(id), () -> { });
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            Thread.sleep(500); // every post stamped and queued behind the held row
            holder.rollback();
        }
        Set<String> acknowledged = new HashSet<>();
        for (Future<AppendOutcome> outcome : outcomes) {
            AppendOutcome stored = outcome.get(30, TimeUnit.SECONDS);
            assertTrue(!stored.duplicate());
            acknowledged.add(stored.message().id().value());
        }
        clients.shutdownNow();

        assertEquals(posts, acknowledged.size());
        long[] after = member.inserts.batchesAndPosts();
        assertEquals(posts, after[1] - before[1], "every post stored through the group commit");
        assertTrue(after[0] - before[0] <= 3, "40 posts in at most 3 transactions, not 40: " + (after[0] - before[0]));
        assertEquals(new MessageCounts(posts + 1, 0), grid.history.counts(), "counted once each");
        assertEquals(posts + 1, member.replica.current().after(0, null, 500).size(), "each visible once");
        for (String id : acknowledged) {
            assertTrue(grid.history.find(new dev.chorus.domain.MessageId(id)).isPresent(), id + " committed");
        }
    }

    @Test
    void eachInsertAnswersItsOwnOutcome() {
        long epoch = member.replica.current().epoch();
        var stored = member.inserts.insert(human("dup").withTimestamp(1), epoch, Duration.ofSeconds(5));
        assertEquals(StampedInsert.INSERTED, stored);
        assertEquals(StampedInsert.ALREADY_STORED, member.inserts.insert(human("dup").withTimestamp(2), epoch, Duration.ofSeconds(5)));
        assertEquals(StampedInsert.STALE, member.inserts.insert(human("stale").withTimestamp(3), epoch - 1, Duration.ofSeconds(5)));
        assertEquals(StampedInsert.INSERTED, member.inserts.insert(human("after").withTimestamp(4), epoch, Duration.ofSeconds(5)));
    }
}
