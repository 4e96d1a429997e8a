package dev.chorus.infrastructure.health;

import dev.chorus.infrastructure.grid.PendingWrites;
import dev.chorus.infrastructure.grid.WindowFence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The cluster as this member sees it: how many members, how many writes need, whether posts are refused here
 * and why, how often the window was taken over, merges, and messages delivered late after one. Stays UP while
 * writes are refused (reads are still served, and a member starting before the others must not be thrown out
 * by its orchestrator); operators alert on {@code writes = refused} or the {@code chorus_cluster_writes_refused}
 * gauge (docs/operations.md).
 */
@Readiness
@ApplicationScoped
public class ClusterHealthCheck implements HealthCheck {

    @Inject
    WindowFence fence;

    @Inject
    PendingWrites pendingWrites;

    @Override
    public HealthCheckResponse call() {
        try {
            String refused = fence.quorumProblem();
            var response = HealthCheckResponse.named("cluster").up()
                    .withData("members", fence.clusterSize())
                    .withData("membersNeededForWrites", fence.minimumMembers())
                    .withData("writes", refused == null ? "accepted" : "refused")
                    .withData("windowTakeOvers", fence.fences())
                    .withData("merges", pendingWrites.merges())
                    .withData("redeliveredMessages", fence.redelivered());
            return (refused == null ? response : response.withData("reason", refused)).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("cluster").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
