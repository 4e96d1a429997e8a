package dev.chorus.infrastructure.grid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Cluster-fault signals at /metrics (what each means and what to do: docs/operations.md, "Cluster faults"):
 * {@code chorus_cluster_size}, {@code chorus_cluster_writes_refused} (1 while this member refuses posts),
 * {@code chorus_cluster_posts_refused} (posts refused so far), {@code chorus_window_takeovers},
 * {@code chorus_cluster_merges}, {@code chorus_window_redelivered} (stored messages a member's window lacked and
 * delivered when it was taken over), {@code chorus_window_resyncs} (times this member's copy of the window had
 * missed a change and was read whole from its owner).
 */
@ApplicationScoped
public class ClusterMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    WindowFence fence;

    @Inject
    PendingWrites pendingWrites;

    @Inject
    WindowReplica replica;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.gauge("chorus.cluster.size", fence, WindowFence::clusterSize);
        registry.gauge("chorus.cluster.writes.refused", fence, f -> f.quorumProblem() == null ? 0 : 1);
        registry.gauge("chorus.cluster.posts.refused", fence, WindowFence::refusals);
        registry.gauge("chorus.window.takeovers", fence, WindowFence::fences);
        registry.gauge("chorus.cluster.merges", pendingWrites, PendingWrites::merges);
        registry.gauge("chorus.window.redelivered", fence, WindowFence::redelivered);
        registry.gauge("chorus.window.resyncs", replica, WindowReplica::resyncs);
    }
}
