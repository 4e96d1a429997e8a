package dev.chorus.infrastructure.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.infrastructure.config.ClusterSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the window true to the database when the cluster changes under it:
 * <ul>
 *   <li>a member left or joined (a crash, a pause noticed, a split, a merge): the oldest member takes the
 *       window over ({@link WindowFence}) a moment later, so whatever a lost or cut-off writer stored is shown
 *       at once, and that writer can store nothing more;</li>
 *   <li>entries left pending by a member that is gone, or pending longer than twice the POST bound (a writer
 *       that stalled): the window is taken over too, which shows them if they were stored and drops them if
 *       not — decided by the database, not guessed;</li>
 *   <li>this member rejoined after a split (lifecycle MERGED): its replica is read again from the owner.</li>
 * </ul>
 * Trade-off: one small thread per member (from the container's ManagedThreadFactory) instead of work on the
 * grid's event threads, which must never block on the database.
 */
@ApplicationScoped
public class PendingWrites {
    private static final Logger LOG = Logger.getLogger(PendingWrites.class.getName());
    private static final long SETTLE_DELAY_MILLIS = 1000;
    private static final long SWEEP_MILLIS = 2000;

    @Inject
    GridMaps maps;

    @Inject
    WindowReplica replica;

    @Inject
    WindowFence fence;

    @Inject
    ClusterSettings cluster;

    @Resource
    ManagedThreadFactory threads;

    private final AtomicLong merges = new AtomicLong();
    private ScheduledExecutorService worker;
    private UUID membership;
    private UUID lifecycle;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        worker = Executors.newSingleThreadScheduledExecutor(threads);
        membership = maps.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                later(() -> takeOverIfOldest("member " + event.getMember().getAddress() + " joined"));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                later(() -> takeOverIfOldest("member " + event.getMember().getAddress() + " left"));
            }
        });
        lifecycle = maps.hazelcast().getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                merges.incrementAndGet();
                LOG.warning("This member rejoined the cluster after a split; reading the window again");
                later(replica::refresh);
            }
        });
        worker.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        try {
            if (membership != null) {
                maps.hazelcast().getCluster().removeMembershipListener(membership);
            }
            if (lifecycle != null) {
                maps.hazelcast().getLifecycleService().removeLifecycleListener(lifecycle);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "grid already stopped", e);
        }
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** Merges this member took part in (as the side that rejoined). */
    public long merges() {
        return merges.get();
    }

    private void later(Runnable work) {
        worker.schedule(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Settling the window after a cluster change failed; the sweep retries", e);
            }
        }, SETTLE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void takeOverIfOldest(String why) {
        Member oldest = maps.hazelcast().getCluster().getMembers().iterator().next();
        if (oldest.localMember() && fence.quorumProblem() == null) {
            fence.fence(why);
        }
    }

    /** Takes the window over when an entry is pending for a writer that is gone or stalled. */
    void sweep() {
        try {
            RecentWindow window = replica.current();
            if (window.pending().isEmpty() || fence.quorumProblem() != null) {
                return;
            }
            Set<String> members = maps.memberIds();
            long stalledBefore = System.currentTimeMillis() - 2 * cluster.postTimeout().toMillis();
            for (Map.Entry<MessageId, String> entry : window.pending().entrySet()) {
                long stamped = window.find(entry.getKey()).map(m -> m.timestamp()).orElse(Long.MAX_VALUE);
                if (!members.contains(entry.getValue()) || stamped < stalledBefore) {
                    fence.fence("post " + entry.getKey().value() + " left pending by "
                            + (members.contains(entry.getValue()) ? "a stalled writer" : "a departed member"));
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not settle pending posts; retrying in " + SWEEP_MILLIS + " ms", e);
        }
    }
}
