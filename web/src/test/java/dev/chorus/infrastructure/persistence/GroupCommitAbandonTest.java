package dev.chorus.infrastructure.persistence;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.infrastructure.grid.GridMember;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding: a caller of {@link GroupCommit#insert} that gives up waiting (its post queued behind a slow
 * transaction) is told "failed", and {@code PostProtocol.insert} then finds no row and retracts the post from the
 * window — but the post is still queued, and the committer stores it afterwards: a stored message that no reader
 * is shown (and the caller's wait also ran ~30 s past its budget).
 */
class GroupCommitAbandonTest {
    private final TestDatabases.Switchable h2 = TestDatabases.freshH2();
    private final CountDownLatch gate = new CountDownLatch(1);
    private GroupCommit inserts;

    @AfterEach
    void stop() throws SQLException {
        gate.countDown();
        if (inserts != null) {
            inserts.stop();
        }
        h2.shutdown();
    }

    @Test
    void aPostWhoseCallerWasToldItFailedIsNeverStoredLater() throws Exception {
        ChorusDatabase plain = TestDatabases.h2(h2);
        plain.prepare();
        JdbcMessageRepository history = plain.messages();
        long epoch = history.claimWriterEpoch();

        // The same database behind a pool that hangs until the gate opens (a stalled database, an exhausted pool).
        ChorusDatabase slow = new ChorusDatabase();
        slow.dataSource = gated(h2, gate);
        inserts = GroupCommit.started(slow, GridMember.threads("review-group-commit"));

        Message first = human("slow-first").withTimestamp(1);
        CompletableFuture<Object> firstOutcome = CompletableFuture.supplyAsync(() -> inserts.insert(first, epoch, Duration.ofSeconds(120)));
        Thread.sleep(300); // the committer holds the first batch, waiting for a connection

        Message late = human("late").withTimestamp(2);
        long start = System.nanoTime();
        // a POST with one second left: its caller gives up and is told the insert failed
        assertThrows(StorageUnavailableException.class, () -> inserts.insert(late, epoch, Duration.ofSeconds(1)));
        long waitedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        // what PostProtocol.insert does next: the row is not there, so it retracts the post from the window
        assertFalse(history.find(late.id()).isPresent(), "not stored when its caller gave up");

        gate.countDown(); // the database answers again
        firstOutcome.get(30, TimeUnit.SECONDS);
        Thread.sleep(1_000); // the committer's next batch, if it still holds the abandoned post
        assertFalse(history.find(late.id()).isPresent(),
                "a post whose caller was told it failed (and retracted it) was stored afterwards: invisible forever");
        assertTrue(waitedSeconds <= 3, "a caller with 1 s left waited " + waitedSeconds + " s");
    }

    /** A DataSource whose connections are handed out only once the gate is open (everything else delegated). */
    private static DataSource gated(DataSource delegate, CountDownLatch gate) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        gate.await();
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
