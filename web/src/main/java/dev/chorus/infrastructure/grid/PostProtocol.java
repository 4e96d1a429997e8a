package dev.chorus.infrastructure.grid;

import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.NothingStoredException;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.WritesRefusedException;
import dev.chorus.infrastructure.config.ClusterSettings;
import dev.chorus.infrastructure.grid.processors.ReadWindowVersion;
import dev.chorus.infrastructure.grid.processors.RetractFromWindow;
import dev.chorus.infrastructure.grid.processors.Stamp;
import dev.chorus.infrastructure.persistence.GroupCommit;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import dev.chorus.infrastructure.persistence.jdbc.StatementBudget;
import dev.chorus.infrastructure.persistence.jdbc.StampedInsert;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A post, from stamp to acknowledgement, within a bounded time:
 * <ol>
 *   <li>stamped pending in the window by its owner (invisible to readers), under the window's writer epoch, in
 *       one call with the posts this member stamps at the same moment ({@link WindowBatches});</li>
 *   <li>inserted by this member, in a transaction that checks the epoch is still current (shared with the
 *       posts this member stores at the same moment: {@link GroupCommit});</li>
 *   <li>committed in the window (visible; batched like the stamp), and acknowledged once this member's replica
 *       shows it.</li>
 * </ol>
 * A window its owner has not taken over is fenced first ({@link WindowFence}); a stamp refused as stale is
 * taken back and stamped again. A repeat of an id still being settled waits until it is committed or taken
 * back. Whatever cannot finish within the POST's budget answers 503: never a 2xx a fault could take back.
 */
@ApplicationScoped
public class PostProtocol {
    private static final Logger LOG = Logger.getLogger(PostProtocol.class.getName());
    private static final Duration VISIBILITY_WAIT = Duration.ofSeconds(1);
    private static final int STAMP_ATTEMPTS = 4;

    @Inject
    GridMaps maps;

    @Inject
    WindowReplica replica;

    @Inject
    WindowFence fence;

    @Inject
    ClusterSettings cluster;

    @Inject
    GroupCommit inserts;

    @Inject
    WindowBatches batches;

    private JdbcMessageRepository history;

    @PostConstruct
    void init() {
        history = maps.database().messages();
    }

    /**
     * Stores {@code draft} (see the class comment); {@code repeatLikely}: look for a stored copy in the table
     * before anything else (an import run again: its repeats are mostly older than the window, and each would
     * otherwise cost a stamp taken back).
     */
    public AppendOutcome post(Message draft, Runnable admitNew, boolean repeatLikely) {
        Deadline deadline = Deadline.after(cluster.postTimeout());
        MessageId id = draft.id();
        // A repeat of a recent id (a client's retry) is answered without counting it, from this member's own copy
        // of the window, which holds pending entries too: no read of the table per post. A read by primary key
        // here cost every post a database round trip and a pooled connection (measured warm, one member,
        // PostgreSQL, 50 connections: 9% of the member's CPU, besides the database's own share of the same two
        // cores). A repeat this copy does not show yet is still caught once it is counted: by its stamp (the
        // owner's window) or, older than the window, by its insert (the ids already stored) — answered the same.
        Optional<Message> recent = replica.current().find(id);
        if (recent.isEmpty() && repeatLikely) {
            recent = history.find(id, StatementBudget.of(deadline.remaining()));
        }
        if (recent.isPresent()) {
            Optional<AppendOutcome> repeat = settledRepeat(id, recent.get(), deadline);
            if (repeat.isPresent()) {
                return repeat.get();
            }
        }
        fence.requireQuorum();
        admitNew.run();
        long staleEpoch = -1;
        for (int attempt = 1; ; attempt++) {
            Stamp stamp = deadline.await(batches.stamp(draft, deadline.remaining()));
            if (stamp.unfenced() || stamp.epoch() == staleEpoch) {
                giveUpAfter(attempt, stamp.unfenced() ? "the window moved to this member" : "a stale writer epoch");
                if (!stamp.unfenced()) {
                    takeBack(id, deadline);
                }
                fence.fenceAfter(stamp.unfenced() ? "first post since the window moved here" : "writer epoch was stale",
                        stamp.epoch(), deadline.remaining());
                staleEpoch = -1;
                continue;
            }
            if (stamp.duplicate()) {
                Optional<AppendOutcome> repeat = settledRepeat(id, stamp.message(), deadline);
                if (repeat.isPresent()) {
                    return repeat.get();
                }
                continue; // the earlier attempt was taken back: this one stores the post
            }
            Message durable = draft.withTimestamp(stamp.message().timestamp());
            Optional<Boolean> inserted = insert(durable, stamp.epoch(), deadline);
            if (inserted.isEmpty()) {
                staleEpoch = stamp.epoch(); // taken back; stamp again, under a newer epoch or after a fence
                giveUpAfter(attempt, "a stale writer epoch");
                continue;
            }
            if (!inserted.get()) { // the same id was stored meanwhile (a concurrent retry elsewhere)
                takeBack(id, deadline);
                Message concurrent = history.find(id).orElseThrow();
                return settledRepeat(id, concurrent, deadline).orElse(new AppendOutcome(concurrent, true));
            }
            long committed = deadline.await(batches.commit(id, deadline.remaining()));
            if (committed < 0) {
                // Stored, but the window it was stamped in was replaced before the commit: the new one was
                // rebuilt from the table, so it shows the post once the window is taken over again if needed.
                fence.fenceAfter("a stored post was missing from the window", Long.MAX_VALUE, deadline.remaining());
                // the owner's version after the take-over, not this replica's (which may not show it yet)
                long[] owner = deadline.await(maps.window().submitToKey(GridMaps.WINDOW_KEY, new ReadWindowVersion()));
                committed = owner == null ? replica.current().version() : owner[1];
            }
            // Committed, so it is acknowledged whatever comes next: a wait for its delta here and, only if that does
            // not come, reads of the window from its owner, each at most 1 s (an owner that stops answering now).
            replica.awaitVersion(committed, VISIBILITY_WAIT);
            replica.ensureShown(durable, VISIBILITY_WAIT);
            return new AppendOutcome(durable, false);
        }
    }

    /**
     * Inserts under the stamp's epoch, with the posts this member stores beside it ({@link GroupCommit}). Empty:
     * refused as stale and taken back from the window. On any other failure the stamp is taken back only when the
     * row is known not to be stored; if even that cannot be told, the entry stays pending and the sweep in
     * {@link PendingWrites} settles it from the database.
     */
    private Optional<Boolean> insert(Message durable, long epoch, Deadline deadline) {
        MessageId id = durable.id();
        StampedInsert outcome;
        try {
            outcome = inserts.insert(durable, epoch, deadline.remaining());
        } catch (GroupCommit.OutcomeUnknown e) {
            // its transaction may still commit: a read now proves nothing, so it stays pending for the sweep
            LOG.log(Level.WARNING, "Post " + id.value() + ": its insert did not finish in time; left pending for"
                    + " the sweep", e);
            throw e;
        } catch (StorageUnavailableException e) {
            // a failure before the commit (e.g. no connection) stored nothing; any other must be read back
            boolean stored;
            try {
                stored = !(e instanceof NothingStoredException) && history.find(id).isPresent();
            } catch (RuntimeException unknown) {
                LOG.log(Level.WARNING, "Post " + id.value() + ": storage failed and its outcome is unknown;"
                        + " left pending for the sweep", unknown);
                throw e;
            }
            if (stored) {
                return Optional.of(true);
            }
            takeBack(id, deadline);
            throw e;
        }
        if (outcome == StampedInsert.STALE) {
            takeBack(id, deadline);
            return Optional.empty();
        }
        return Optional.of(outcome == StampedInsert.INSERTED);
    }

    /**
     * A repeat of an id that is stored or being stored, answered once the earlier attempt is settled: committed
     * and visible (the stored message, flagged duplicate), or taken back (empty: this repeat stores the post).
     * An earlier attempt still pending when the budget ends answers 503, never a 2xx for an invisible message.
     */
    private Optional<AppendOutcome> settledRepeat(MessageId id, Message known, Deadline deadline) {
        if (!replica.awaitSettled(id, deadline.remaining())) {
            throw new WritesRefusedException("An earlier attempt of this post (id " + id.value()
                    + ") is still being settled. Retry with the same id shortly: it is never stored twice.");
        }
        if (replica.current().find(id).isPresent()) {
            Message stored = deadline.await(maps.messages().getAsync(id.value()));
            return Optional.of(new AppendOutcome(stored != null ? stored : known, true));
        }
        return history.find(id).map(m -> new AppendOutcome(m, true));
    }

    /** Takes a pending entry out of the window on its owner (a stamp that will not be committed). */
    private void takeBack(MessageId id, Deadline deadline) {
        deadline.await(maps.window().submitToKey(GridMaps.WINDOW_KEY, new RetractFromWindow(id)));
    }

    private static void giveUpAfter(int attempt, String why) {
        if (attempt >= STAMP_ATTEMPTS) {
            throw new WritesRefusedException("Writes are moving between members (" + why
                    + "); nothing was stored. Retry shortly.");
        }
    }
}
