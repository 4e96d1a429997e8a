package dev.chorus.infrastructure.grid;

import dev.chorus.application.ClusterMembers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * {@link ClusterMembers} from Payara's Hazelcast member list, with the member ids {@link GridMaps} writes (its
 * UUID), so a claim's holder and a pending write's owner name a member the same way.
 */
@ApplicationScoped
public class HazelcastClusterMembers implements ClusterMembers {

    @Inject
    GridMaps maps;

    @Override
    public String localMemberId() {
        return maps.localMemberId();
    }

    @Override
    public Set<String> liveMemberIds() {
        return Set.copyOf(maps.memberIds());
    }
}
