package dev.chorus.infrastructure.persistence;

import dev.chorus.infrastructure.batching.BatchWorker;
import dev.chorus.domain.Message;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import dev.chorus.infrastructure.persistence.jdbc.StampedInsert;
import dev.chorus.infrastructure.persistence.jdbc.StatementBudget;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores this member's stamped posts in as few transactions as the database's pace allows: one thread takes
 * every post queued while its previous transaction was committing and stores them together
 * ({@link JdbcMessageRepository#insertStamped(List, long, StatementBudget)}). Each post's caller still waits for
 * its own commit and gets its own outcome: write-through, every 2xx committed. A post's budget runs from its
 * caller's call, not from its batch: a batch's statements share what is left of the shortest budget in it, and a
 * post whose budget ran out in the queue is not stored at all.
 *
 * <p>Why: an insert holds the writer row (the fence against a writer that lost the window) until its commit,
 * so posts were stored one after another, each waiting for the commit of the one before: measured at 50
 * concurrent posts on one member, 170-187 posts/s whatever the database. Batching keeps the fence and shares
 * the commit. No added wait when the board is quiet: a lone post is a batch of one, sent at once.
 */
@ApplicationScoped
public class GroupCommit {
    /** At most this many posts per transaction: bounds the statement sizes and the time a batch holds the row. */
    static final int MAX_BATCH = 128;
    /**
     * How long past its budget a caller whose post is already in a transaction waits before it calls its outcome
     * unknown (a post still queued then is withdrawn at once instead: never stored, the caller is told so). The
     * transaction's statements end within the budget plus a second each (StatementBudget); this covers a
     * database that does not honour its query timeouts, and the wait for a pooled connection.
     */
    private static final int SAFETY_SECONDS = 30;
    private static final int QUEUED = 0;
    private static final int CLAIMED = 1;
    private static final int WITHDRAWN = 2;

    @Inject
    ChorusDatabase database;

    @Resource
    ManagedThreadFactory threads;

    /**
     * {@code state}: QUEUED until the committer claims it for a transaction, or its caller withdraws it (it gave
     * up waiting): exactly one of the two wins, so a withdrawn post is never stored and a claimed one is not called
     * "not stored" while its transaction may still commit.
     */
    private record Pending(Message message, long epoch, long endNanos, CompletableFuture<StampedInsert> outcome,
                           AtomicInteger state) {
    }

    /**
     * The post was in a transaction when its caller stopped waiting: it may still commit. The caller must not
     * take it back on the strength of a read that finds no row; the sweep settles it from the database.
     */
    public static final class OutcomeUnknown extends StorageUnavailableException {
        private static final long serialVersionUID = 1L;

        OutcomeUnknown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong posts = new AtomicLong();
    private BatchWorker<Pending> committer;
    private JdbcMessageRepository history;

    /** Wired and started outside a container (the grid's embedded tests). */
    public static GroupCommit started(ChorusDatabase database, ManagedThreadFactory threads) {
        GroupCommit commit = new GroupCommit();
        commit.database = database;
        commit.threads = threads;
        commit.start();
        return commit;
    }

    @PostConstruct
    void start() {
        history = database.messages();
        committer = new BatchWorker<Pending>("group-commit", MAX_BATCH, GroupCommit::claim, this::commit,
                (pending, failure) -> pending.outcome().completeExceptionally(failure)).start(threads);
    }

    @PreDestroy
    public void stop() {
        if (committer != null) {
            committer.stop(left -> left.outcome().completeExceptionally(
                    new StorageUnavailableException("this member is stopping", null)));
        }
    }

    /**
     * Stores {@code message} under writer epoch {@code epoch} with the posts queued beside it, within
     * {@code budget} from now, and returns once its transaction has committed (or failed:
     * {@link StorageUnavailableException}; {@link OutcomeUnknown} when it may still commit).
     */
    public StampedInsert insert(Message message, long epoch, Duration budget) {
        Pending pending = new Pending(message, epoch, System.nanoTime() + budget.toNanos(), new CompletableFuture<>(),
                new AtomicInteger(QUEUED));
        if (!committer.running()) {
            throw new StorageUnavailableException("this member is stopping", null);
        }
        committer.add(pending);
        try {
            try {
                return pending.outcome().get(Math.max(0, pending.endNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (pending.state().compareAndSet(QUEUED, WITHDRAWN)) {
                    throw withdrawn(e);
                }
            }
            return pending.outcome().get(SAFETY_SECONDS, TimeUnit.SECONDS); // in a transaction: bounded by its statements
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new StorageUnavailableException("storing the post failed", e.getCause());
        } catch (TimeoutException e) {
            throw new OutcomeUnknown("the database did not answer the post's insert in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (pending.state().compareAndSet(QUEUED, WITHDRAWN)) {
                throw new StorageUnavailableException("interrupted before the post was stored: not stored", e);
            }
            throw new OutcomeUnknown("interrupted while the post was being stored", e);
        }
    }

    /** Transactions and posts stored so far (their ratio is the mean batch). */
    public long[] batchesAndPosts() {
        return new long[] {batches.get(), posts.get()};
    }

    /**
     * Takes {@code pending} into the next transaction, unless its caller withdrew it (it gave up waiting) or its
     * budget is spent: then it is withdrawn here, never stored, and its caller told so at once.
     */
    private static boolean claim(Pending pending) {
        if (pending.endNanos() - System.nanoTime() <= 0) {
            if (pending.state().compareAndSet(QUEUED, WITHDRAWN)) {
                pending.outcome().completeExceptionally(withdrawn(null));
            }
            return false;
        }
        return pending.state().compareAndSet(QUEUED, CLAIMED);
    }

    private static StorageUnavailableException withdrawn(Throwable cause) {
        return new StorageUnavailableException("the post waited its budget out behind earlier transactions and was"
                + " withdrawn: not stored", cause);
    }

    /** One transaction per writer epoch in the batch (one, unless the window was just taken over). */
    private void commit(List<Pending> batch) {
        Map<Long, List<Pending>> byEpoch = new LinkedHashMap<>();
        for (Pending pending : batch) {
            byEpoch.computeIfAbsent(pending.epoch(), e -> new ArrayList<>()).add(pending);
        }
        for (Map.Entry<Long, List<Pending>> group : byEpoch.entrySet()) {
            List<Pending> same = group.getValue();
            long end = same.stream().mapToLong(Pending::endNanos).min().orElseThrow();
            try {
                List<StampedInsert> outcomes = history.insertStamped(same.stream().map(Pending::message).toList(),
                        group.getKey(), StatementBudget.until(end));
                batches.incrementAndGet();
                posts.addAndGet(same.size());
                for (int i = 0; i < same.size(); i++) {
                    same.get(i).outcome().complete(outcomes.get(i));
                }
            } catch (RuntimeException e) {
                same.forEach(p -> p.outcome().completeExceptionally(e));
            }
        }
    }
}
