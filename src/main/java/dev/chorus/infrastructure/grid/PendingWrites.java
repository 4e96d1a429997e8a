package dev.chorus.infrastructure.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import dev.chorus.domain.MessageId;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Settles window entries left pending by a member that died between stamping a post and committing it:
 * committed when the message reached the database (its transaction finished), taken back when it did not
 * (the dead member's connection is gone, so it never will). Readers stop at a pending entry, so until this
 * runs they wait; it runs when the grid reports the member gone, and at start-up for anything older.
 * Trade-off: one small thread per member (from the container's ManagedThreadFactory) rather than work on the
 * grid's event thread, which must never block on a database lookup.
 */
@ApplicationScoped
public class PendingWrites {
    private static final Logger LOG = Logger.getLogger(PendingWrites.class.getName());

    @Inject
    GridMaps maps;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledExecutorService resolver;
    private UUID registration;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        resolver = Executors.newSingleThreadScheduledExecutor(threads);
        registration = maps.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // nothing to settle
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                resolver.execute(PendingWrites.this::settleOrphans);
            }
        });
        resolver.execute(this::settleOrphans);
    }

    @PreDestroy
    void stop() {
        if (registration != null) {
            maps.hazelcast().getCluster().removeMembershipListener(registration);
        }
        if (resolver != null) {
            resolver.shutdownNow();
        }
    }

    /** Settles every pending entry whose writer is no longer a member of the cluster. */
    void settleOrphans() {
        try {
            Set<String> members = maps.hazelcast().getCluster().getMembers().stream()
                    .map(Member::getUuid).map(UUID::toString).collect(Collectors.toSet());
            List<MessageId> committed = OrphanedPosts.settle(maps.window(), GridMaps.WINDOW_KEY, maps.messages(), members);
            if (!committed.isEmpty()) {
                LOG.info(() -> "Posts of a departed member found durable and shown: " + committed);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not settle pending posts of departed members; retrying in 5 s", e);
            resolver.schedule(this::settleOrphans, 5, TimeUnit.SECONDS);
        }
    }
}
