package dev.chorus.infrastructure.grid;

import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.chorus.application.ClusterStatus;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@link ClusterStatus}: each member publishes its own state (writes accepted or refused and why, the cluster
 * size it sees, merges, window take-overs) every {@value #PUBLISH_MILLIS} ms into one replicated map, one entry per
 * member, kept {@value #KEEP_SECONDS} s unless published again; any member answers for all from the grid's member
 * list and that map. A member that left (or that this member no longer sees, in a split) stays listed, as not seen,
 * until its entry expires — unless a member with its address is there now (it restarted, under a new id). A replicated map, not a call to each member: the console asks every 2 s, and a member cut off
 * or paused must show as "not serving" rather than make the answer wait for it. Values are plain maps of strings
 * and numbers, so every member can read them whatever its classes.
 */
@ApplicationScoped
public class MemberStates implements ClusterStatus {
    private static final Logger LOG = Logger.getLogger(MemberStates.class.getName());
    static final String MAP = "chorus-member-states";
    static final long PUBLISH_MILLIS = 2_000;
    /** Three missed publications: the member is not serving. */
    static final long SERVING_MILLIS = 3 * PUBLISH_MILLIS;
    static final long KEEP_SECONDS = 30;

    @Inject
    GridMaps maps;

    @Inject
    WindowFence fence;

    @Inject
    PendingWrites pendingWrites;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> publishing;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        publish();
        publishing = scheduler.scheduleWithFixedDelay(this::publish, PUBLISH_MILLIS, PUBLISH_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (publishing != null) {
            publishing.cancel(false);
        }
        try {
            states().remove(maps.localMemberId()); // gone at once, not after the entry's time to live
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "member state not removed at shutdown", e);
        }
    }

    private void publish() {
        try {
            String refused = fence.quorumProblem();
            HashMap<String, Object> state = new HashMap<>();
            state.put("address", address(maps.hazelcast().getCluster().getLocalMember()));
            state.put("writes", refused == null ? "accepted" : "refused");
            if (refused != null) {
                state.put("reason", refused);
            }
            state.put("clusterSize", fence.clusterSize());
            state.put("merges", pendingWrites.merges());
            state.put("windowTakeOvers", fence.fences());
            state.put("publishedAt", System.currentTimeMillis());
            states().put(maps.localMemberId(), state, KEEP_SECONDS, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "member state not published (the grid is shutting down or cut off)", e);
        }
    }

    @Override
    public List<Member> members() {
        long now = System.currentTimeMillis();
        Map<String, Member> found = new LinkedHashMap<>();
        Map<String, HashMap<String, Object>> published = new HashMap<>(states());
        for (com.hazelcast.cluster.Member member : maps.hazelcast().getCluster().getMembers()) {
            String id = member.getUuid().toString();
            found.put(id, member(id, address(member), member.localMember(), true, published.get(id), now));
        }
        Set<String> addresses = found.values().stream().map(Member::address).collect(Collectors.toSet());
        published.forEach((id, state) -> {
            String address = String.valueOf(state.getOrDefault("address", ""));
            if (!found.containsKey(id) && !addresses.contains(address)) { // the same address under a new id: restarted
                found.put(id, member(id, address, false, false, state, now));
            }
        });
        List<Member> members = new ArrayList<>(found.values());
        members.sort(Comparator.comparing(Member::address).thenComparing(Member::id));
        return members;
    }

    /** A member as its published state says; what the state lacks (a member of an older version) is unknown. */
    static Member member(String id, String address, boolean local, boolean seen, Map<String, Object> state,
                         long now) {
        if (state == null) {
            return new Member(id, address, local, seen, false, "unknown", null, 0, 0, 0, 0);
        }
        long publishedAt = number(state, "publishedAt");
        return new Member(id, address, local, seen, now - publishedAt <= SERVING_MILLIS,
                state.get("writes") instanceof String writes ? writes : "unknown",
                state.get("reason") instanceof String reason ? reason : null, (int) number(state, "clusterSize"),
                number(state, "merges"), number(state, "windowTakeOvers"), publishedAt);
    }

    private static long number(Map<String, Object> state, String key) {
        return state.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static String address(com.hazelcast.cluster.Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private ReplicatedMap<String, HashMap<String, Object>> states() {
        return maps.hazelcast().getReplicatedMap(MAP);
    }
}
