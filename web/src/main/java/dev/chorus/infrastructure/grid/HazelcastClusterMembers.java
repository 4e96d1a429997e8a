package dev.chorus.infrastructure.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.chorus.application.ClusterMembers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link ClusterMembers} from Payara's Hazelcast member list: a member's id is its UUID. */
@ApplicationScoped
public class HazelcastClusterMembers implements ClusterMembers {

    @Inject
    HazelcastInstance hazelcast;

    @Override
    public String localMemberId() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    @Override
    public Set<String> liveMemberIds() {
        return hazelcast.getCluster().getMembers().stream().map(Member::getUuid).map(Object::toString)
                .collect(Collectors.toUnmodifiableSet());
    }
}
