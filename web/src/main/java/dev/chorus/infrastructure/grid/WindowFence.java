package dev.chorus.infrastructure.grid;

import com.hazelcast.config.TcpIpConfig;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WritesRefusedException;
import dev.chorus.infrastructure.config.BoardSettings;
import dev.chorus.infrastructure.config.ClusterSettings;
import dev.chorus.infrastructure.grid.processors.InstallWindow;
import dev.chorus.infrastructure.grid.processors.ReadWindow;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import dev.chorus.infrastructure.persistence.jdbc.StatementBudget;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Decides whether this member may write, and takes the recent window over when the copy the grid holds cannot
 * be trusted to contain every stored message.
 *
 * <p>Why both. Split-brain protection (a minimum number of members seen) keeps a minority side, or a member
 * back from a pause, from taking writes once it knows it is alone. But a member learns that only after the
 * heartbeat timeout, and meanwhile two copies of the window can both stamp cursors. So the database arbitrates
 * too: it holds a writer epoch, every insert checks it under the writer row's lock, and a member taking the
 * window over bumps it (waiting for inserts under way), then rebuilds the window from the table. From then on
 * the previous holder's inserts are refused, and everything it did store is in the new window — before any
 * newer stamp, so no reader's cursor can pass it. Trade-off: every insert takes one row lock (inserts were
 * already serialised by the kept counts' row), and a fence costs a read of the newest rows (a few ms).
 */
@ApplicationScoped
public class WindowFence {
    private static final Logger LOG = Logger.getLogger(WindowFence.class.getName());

    @Inject
    GridMaps maps;

    @Inject
    BoardSettings settings;

    @Inject
    ClusterSettings cluster;

    private JdbcMessageRepository history;
    private int configuredMembers;
    private static final Duration HOUSEKEEPING_BUDGET = Duration.ofSeconds(30);
    private final ReentrantLock takeOver = new ReentrantLock();
    /** The newest epoch this member installed a window under (guarded by takeOver). */
    private long installedEpoch;
    private final AtomicLong fences = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicReference<String> refusedBecause = new AtomicReference<>();

    @PostConstruct
    void init() {
        history = maps.database().messages();
        TcpIpConfig tcpIp = maps.hazelcast().getConfig().getNetworkConfig().getJoin().getTcpIpConfig();
        configuredMembers = tcpIp.isEnabled()
                ? (int) tcpIp.getMembers().stream().flatMap(m -> java.util.Arrays.stream(m.split(",")))
                        .map(String::trim).filter(m -> !m.isEmpty()).count()
                : 1;
        LOG.info(() -> "Writes need at least " + minimumMembers() + " member(s) in view (configured members: "
                + configuredMembers + ")");
    }

    /** Refuses (503) when this member sees fewer members than writes need. */
    public void requireQuorum() {
        String reason = quorumProblem();
        String before = refusedBecause.getAndSet(reason);
        if (reason != null && before == null) {
            LOG.warning(() -> "Posts refused from now on: " + reason);
        } else if (reason == null && before != null) {
            LOG.warning("Posts accepted again: this member sees enough of the cluster");
        }
        if (reason != null) {
            refusals.incrementAndGet();
            throw new WritesRefusedException(reason);
        }
    }

    /** Why writes are refused here now, or null when they are not. */
    public String quorumProblem() {
        int seen = clusterSize();
        int needed = minimumMembers();
        if (seen >= needed) {
            return null;
        }
        return "This member sees " + seen + " of the " + needed + " cluster members it needs to accept posts"
                + " (it may be cut off from the others, or back from a pause). Retry shortly or on another member.";
    }

    /**
     * Takes the window over: a new writer epoch in the database, the window rebuilt from the table and
     * installed on its owner with that member as the only stamper. One take-over at a time per member; two
     * members taking over at once end with the later epoch's window. For housekeeping (membership changes,
     * the sweep): bounded by {@link #HOUSEKEEPING_BUDGET}.
     */
    public void fence(String why) {
        fenceAfter(why, Long.MAX_VALUE, HOUSEKEEPING_BUDGET);
    }

    /**
     * Takes the window over unless this member already did so after seeing epoch {@code seen} (the posts that
     * all found the same window unfenced at once then cost one take-over, not one each), within {@code budget}:
     * a window owner that is paused or cut off must not hold a POST past its bound.
     */
    public void fenceAfter(String why, long seen, Duration budget) {
        Deadline deadline = Deadline.after(budget);
        try {
            if (!takeOver.tryLock(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new WritesRefusedException("Writes are moving between members; nothing was stored. Retry shortly.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WritesRefusedException("Interrupted while taking the window over; nothing was stored.");
        }
        try {
            if (seen != Long.MAX_VALUE && installedEpoch > seen) {
                return;
            }
            requireQuorum();
            long epoch = history.claimWriterEpoch(StatementBudget.of(deadline.remaining()));
            int capacity = settings.windowCapacity();
            RecentWindow rebuilt = RecentWindow.restored(history.newest(capacity), history.counts(),
                    history.maxTimestamp(), capacity);
            Integer recovered = deadline.await(maps.window().submitToKey(GridMaps.WINDOW_KEY,
                    new InstallWindow(rebuilt, epoch)));
            fences.incrementAndGet();
            if (recovered != null && recovered >= 0) {
                installedEpoch = Math.max(installedEpoch, epoch);
            }
            if (recovered != null && recovered > 0) {
                redelivered.addAndGet(recovered);
                LOG.warning(() -> "Window taken over (" + why + ", epoch " + epoch + "): " + recovered
                        + " stored message(s) the previous copy lacked are delivered now");
            } else {
                LOG.info(() -> "Window taken over (" + why + ", epoch " + epoch + ")");
            }
        } finally {
            takeOver.unlock();
        }
    }

    /**
     * Takes the window over after a change made in the table alone — moderation flips a row's hidden flag and its
     * type's count there — and returns the version of the window its owner holds afterwards (this take-over's, or
     * a later one's), for the caller to await on its own replica. Why a take-over and not an edit of the window:
     * the rebuild reads the table after the change committed, and the window of a later epoch wins over any
     * rebuild that read before it, so whatever take-overs run meanwhile (on any member) the window can neither lose
     * the change nor apply it twice, and concurrent changes of one message end as the table ends; a retry after a
     * failure here repairs the window the same way. Cost: one take-over per change (a read of the newest rows, a
     * few ms; posts in flight are stamped again, as after any take-over) — acceptable because an operator's
     * action is rare. Bounded by {@code budget}, like a POST.
     */
    public long rebuildAfterTableChange(String why, Duration budget) {
        Deadline deadline = Deadline.after(budget);
        fenceAfter(why, Long.MAX_VALUE, budget);
        RecentWindow installed = deadline.await(maps.window().submitToKey(GridMaps.WINDOW_KEY, new ReadWindow()));
        return installed == null ? 0 : installed.version();
    }

    public int minimumMembers() {
        return cluster.minimumMembers(configuredMembers);
    }

    public int clusterSize() {
        return maps.hazelcast().getCluster().getMembers().size();
    }

    /** Why the last write attempt here was refused, or null when it was accepted. */
    public String lastRefusal() {
        return refusedBecause.get();
    }

    public long fences() {
        return fences.get();
    }

    public long redelivered() {
        return redelivered.get();
    }

    public long refusals() {
        return refusals.get();
    }
}
