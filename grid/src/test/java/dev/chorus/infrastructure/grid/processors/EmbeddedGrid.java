package dev.chorus.infrastructure.grid.processors;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.awaitility.Awaitility;

/**
 * Real embedded Hazelcast members for processor tests: bound to 127.0.0.1 on a free port, never joining anything
 * but the members the test names (no multicast, no auto-detection), with a cluster name unique per call.
 * Maps named {@code window*} are configured as production configures the recent window (OBJECT format, one
 * backup), without the MapLoader; {@code messages*} with one backup.
 */
public final class EmbeddedGrid {
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    static {
        HAZELCAST_LOG.setLevel(Level.SEVERE); // expected WARNINGs (forced termination, CP subsystem off) are noise here
    }

    private EmbeddedGrid() {
    }

    public static String uniqueClusterName(Class<?> testClass) {
        return "chorus-" + testClass.getSimpleName() + "-" + UUID.randomUUID();
    }

    /** A lone member: join disabled entirely. */
    public static HazelcastInstance single(String clusterName) {
        Config config = base(clusterName, freePort());
        join(config).getTcpIpConfig().setEnabled(false);
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * {@code size} members of one fresh tcp-ip cluster on 127.0.0.1, started one after another and returned once
     * every partition has its owner and backups (cluster safe), oldest member first.
     */
    public static List<HazelcastInstance> cluster(Class<?> testClass, int size) {
        String name = uniqueClusterName(testClass);
        List<Integer> ports = java.util.stream.IntStream.range(0, size).mapToObj(i -> freePort()).toList();
        List<HazelcastInstance> members = new java.util.ArrayList<>();
        try {
            for (int port : ports) {
                members.add(member(name, port, ports));
            }
            awaitClusterSafe(members.toArray(HazelcastInstance[]::new));
            return members;
        } catch (RuntimeException | Error e) {
            members.forEach(m -> m.getLifecycleService().terminate());
            throw e;
        }
    }

    /** A member of an explicit tcp-ip cluster on 127.0.0.1 (the members' ports listed one by one). */
    public static HazelcastInstance member(String clusterName, int port, List<Integer> memberPorts) {
        Config config = base(clusterName, port);
        var tcpIp = join(config).getTcpIpConfig().setEnabled(true);
        memberPorts.forEach(p -> tcpIp.addMember("127.0.0.1:" + p));
        // anti-entropy could repair a missing backup on its own; push it out of the test's time frame
        config.setProperty("hazelcast.partition.backup.sync.interval", "600");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        return Hazelcast.newHazelcastInstance(config);
    }

    private static Config base(String clusterName, int port) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + port);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false); // members list each other by exact port
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.addMapConfig(new MapConfig("window*").setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT));
        config.addMapConfig(new MapConfig("messages*").setBackupCount(1));
        return config;
    }

    private static JoinConfig join(Config config) {
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        return join;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when {@code instance} owns the partition of {@code key}. */
    public static boolean owns(HazelcastInstance instance, Object key) {
        var owner = instance.getPartitionService().getPartition(key).getOwner();
        return owner != null && owner.equals(instance.getCluster().getLocalMember());
    }

    /** Waits until each of {@code instances} sees exactly {@code size} members (at most 30 s). */
    public static void awaitMembers(int size, HazelcastInstance... instances) {
        for (HazelcastInstance instance : instances) {
            Awaitility.await(size + " member(s) in view").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> instance.getCluster().getMembers().size() == size);
        }
    }

    /** Waits until every partition of each member's cluster has its owner and backups (at most 30 s). */
    public static void awaitClusterSafe(HazelcastInstance... instances) {
        for (HazelcastInstance instance : instances) {
            Awaitility.await("cluster safe").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> instance.getPartitionService().isClusterSafe());
        }
    }
}
