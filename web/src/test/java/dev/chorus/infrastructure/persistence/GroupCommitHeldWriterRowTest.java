package dev.chorus.infrastructure.persistence;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.infrastructure.grid.GridMember;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import dev.chorus.infrastructure.persistence.jdbc.StampedInsert;
import dev.chorus.infrastructure.persistence.jdbc.StatementBudget;
import dev.chorus.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer row held by a transaction that does not move (a member paused mid-transaction: SIGSTOP, a long GC),
 * on PostgreSQL, where the pause drill found it: the CI run of 0858e35 had a POST to a healthy member answer after
 * 20 s against its 10 s budget, and no member stored a post while the paused one was frozen.
 */
class GroupCommitHeldWriterRowTest {
    private static final String LOCK_WRITER_ROW = "UPDATE board_writer SET epoch = epoch WHERE id = 1";

    private PostgresDatabase postgres;
    private UrlRoutedDataSource dataSource;
    private JdbcMessageRepository history;
    private GroupCommit inserts;
    private long epoch;

    @BeforeEach
    void prepare() {
        postgres = PostgresDatabase.createOrSkip();
        dataSource = new UrlRoutedDataSource();
        dataSource.setUrl(postgres.url());
        dataSource.setUser("postgres");
        dataSource.setPassword("");
        ChorusDatabase database = new ChorusDatabase();
        database.dataSource = dataSource;
        database.prepare();
        history = database.messages();
        epoch = history.claimWriterEpoch();
        inserts = GroupCommit.started(database, GridMember.threads("held-writer-row-group-commit"));
    }

    @AfterEach
    void stop() throws SQLException {
        if (inserts != null) {
            inserts.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aTransactionLeftIdleByAFrozenMemberStopsHoldingPostsAfterFiveSeconds() throws Exception {
        // the frozen member's session: Chorus's own data source, inside a transaction that holds the writer row
        Connection frozen = dataSource.getConnection();
        holdWriterRow(frozen);
        long start = System.nanoTime();
        assertEquals(StampedInsert.INSERTED, inserts.insert(human("after-the-pause").withTimestamp(1), epoch,
                Duration.ofSeconds(10)), "a post on a healthy member is stored once the frozen session is ended");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 4_000 && waited < 8_000, "held by the frozen transaction for " + waited + " ms");
        // when the frozen member resumes, its transaction is gone: nothing it had not committed is stored
        assertThrows(SQLException.class, () -> {
            try (Statement next = frozen.createStatement()) {
                next.execute("SELECT 1");
            }
        });
        frozen.close();
    }

    @Test
    void aPostQueuedBehindABlockedTransactionAnswersWithinItsOwnBudget() throws Exception {
        // held by a session without the idle timeout (another client of the database), so only budgets end waits
        try (Connection other = postgres.connect()) {
            holdWriterRow(other);
            Message first = human("first").withTimestamp(1);
            CompletableFuture<StampedInsert> blocked = CompletableFuture.supplyAsync(
                    () -> inserts.insert(first, epoch, Duration.ofSeconds(4)));
            Thread.sleep(1_000); // the committer now waits on the row for the first post
            Message queued = human("queued").withTimestamp(2);
            long start = System.nanoTime();
            assertThrows(StorageUnavailableException.class, () -> inserts.insert(queued, epoch, Duration.ofSeconds(4)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // its budget, plus at most the one-second minimum of a JDBC timeout and some scheduling
            assertTrue(waited <= 5_500, "a post with a 4 s budget waited " + waited + " ms");
            assertThrows(Exception.class, () -> blocked.get(10, TimeUnit.SECONDS));
            other.rollback();
            assertFalse(history.find(first.id()).isPresent(), "not stored: its caller was told so");
            assertFalse(history.find(queued.id()).isPresent(), "not stored: its caller was told so");
        }
        assertEquals(StampedInsert.INSERTED, inserts.insert(human("later").withTimestamp(3), epoch,
                Duration.ofSeconds(5)), "the committer serves again once the row is free");
    }

    @Test
    void aTakeOverBehindABlockedWriterRowFailsAtItsBudgetInsteadOfHoldingTheMembersWrites() throws Exception {
        // a take-over holds the member's take-over lock, which every post there waits for: it must end at its bound
        try (Connection other = postgres.connect()) {
            holdWriterRow(other);
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(StorageUnavailableException.class,
                    () -> history.claimWriterEpoch(StatementBudget.of(Duration.ofSeconds(2)))));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited <= 3_500, "a take-over with a 2 s budget waited " + waited + " ms");
            other.rollback();
        }
        long next = history.claimWriterEpoch(StatementBudget.of(Duration.ofSeconds(5)));
        assertEquals(epoch + 1, next, "the failed claim changed nothing; the next one takes the following epoch");
    }

    /** Opens a transaction on {@code session} that holds the writer row until it ends. */
    private static void holdWriterRow(Connection session) throws SQLException {
        session.setAutoCommit(false);
        try (Statement lock = session.createStatement()) {
            lock.executeUpdate(LOCK_WRITER_ROW);
        }
    }
}
