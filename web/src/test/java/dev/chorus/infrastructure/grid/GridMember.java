package dev.chorus.infrastructure.grid;

import dev.chorus.infrastructure.persistence.GroupCommit;
import com.hazelcast.core.HazelcastInstance;
import dev.chorus.infrastructure.config.BoardSettings;
import dev.chorus.infrastructure.config.ClusterSettings;
import dev.chorus.infrastructure.persistence.ChorusDatabase;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.lang.reflect.Proxy;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * One member's grid adapters, wired by hand as CDI wires them in the container (the injected fields are
 * package-private): the maps, the replica, the fence, the post protocol, the board, the sweep and the bot queue
 * over an embedded Hazelcast member and the shared test database. {@link #close} undoes what the container's
 * {@code @PreDestroy} would; the member itself belongs to the caller.
 */
public final class GridMember implements AutoCloseable {
    public final HazelcastInstance hazelcast;
    public final GridMaps maps = new GridMaps();
    public final WindowReplica replica = new WindowReplica();
    public final WindowFence fence = new WindowFence();
    public final PostProtocol protocol = new PostProtocol();
    public final WindowBatches batches = new WindowBatches();
    public final GroupCommit inserts;
    public final HazelcastMessageBoard board = new HazelcastMessageBoard();
    public final VisibilityEvents visibility = new VisibilityEvents();
    public final PendingWrites pending = new PendingWrites();
    public final HazelcastBotQueue botQueue = new HazelcastBotQueue();
    public final HazelcastReplyDrafts drafts = new HazelcastReplyDrafts();

    public GridMember(HazelcastInstance hazelcast, ChorusDatabase database, BoardSettings settings, ClusterSettings cluster) {
        this.hazelcast = hazelcast;
        maps.hazelcast = hazelcast;
        maps.database = database;
        maps.settings = settings;
        maps.configure();
        replica.maps = maps;
        replica.threads = threads("chorus-test-replica-" + hazelcast.getName());
        replica.register();
        fence.maps = maps;
        fence.settings = settings;
        fence.cluster = cluster;
        fence.init();
        inserts = GroupCommit.started(database, threads("chorus-test-group-commit-" + hazelcast.getName()));
        batches.maps = maps;
        batches.threads = threads("chorus-test-window-batches-" + hazelcast.getName());
        batches.start();
        protocol.inserts = inserts;
        protocol.batches = batches;
        protocol.maps = maps;
        protocol.replica = replica;
        protocol.fence = fence;
        protocol.cluster = cluster;
        protocol.init();
        board.maps = maps;
        board.settings = settings;
        board.replica = replica;
        board.protocol = protocol;
        board.fence = fence;
        visibility.maps = maps;
        board.visibility = visibility;
        board.cluster = cluster;
        board.init();
        pending.maps = maps;
        pending.replica = replica;
        pending.fence = fence;
        pending.cluster = cluster;
        pending.threads = threads("chorus-test-pending-" + hazelcast.getName());
        botQueue.maps = maps;
        botQueue.init();
        drafts.maps = maps;
        drafts.threads = threads("chorus-test-drafts-" + hazelcast.getName());
        drafts.start();
    }

    /** Starts the sweep and the membership and lifecycle listeners, as the application's start does. */
    public GridMember startHousekeeping() {
        pending.onStart(null);
        return this;
    }

    public String memberId() {
        return maps.localMemberId();
    }

    @Override
    public void close() {
        botQueue.close();
        drafts.stop();
        pending.stop();
        replica.deregister();
        inserts.stop();
        batches.stop();
    }

    /** The container's ManagedThreadFactory, reduced to what the adapters use: plain daemon threads. */
    public static ManagedThreadFactory threads(String name) {
        ThreadFactory plain = Executors.defaultThreadFactory();
        return (ManagedThreadFactory) Proxy.newProxyInstance(GridMember.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("newThread") && args.length == 1 && args[0] instanceof Runnable r) {
                        Thread thread = plain.newThread(r);
                        thread.setName(name);
                        thread.setDaemon(true);
                        return thread;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> name;
                        };
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }
}
