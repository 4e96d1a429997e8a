package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.chorus.domain.RecentWindow;

/**
 * A window processor that needs to know which member it runs on (the key's owner): Hazelcast hands the
 * processor its member before {@code process}, on the caller's member and on a remote one alike.
 */
abstract class OnOwnerProcessor<R> extends ComputingProcessor<String, RecentWindow, R> implements HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private transient String localMember;

    @Override
    public final void setHazelcastInstance(HazelcastInstance hazelcast) {
        localMember = hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /** The member this processor runs on. */
    protected final String localMember() {
        return localMember;
    }
}
