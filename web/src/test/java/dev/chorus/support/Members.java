package dev.chorus.support;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * N clustered Chorus members on loopback addresses of their own choosing, sharing one fresh PostgreSQL database
 * (skips the calling test class when PostgreSQL is absent). Started one after another, each checked to have
 * joined; closing stops all (by PID) and drops the database.
 */
public final class Members implements AutoCloseable {
    private final PostgresDatabase database;
    private final List<ChorusServer> servers;

    private Members(PostgresDatabase database, List<ChorusServer> servers) {
        this.database = database;
        this.servers = servers;
    }

    /** One member per entry of {@code hosts} (e.g. 127.0.0.1, 127.0.0.1, 127.0.0.2); rate limit off unless set. */
    public static Members start(List<String> hosts, Map<String, String> env, String... jvmArgs) throws Exception {
        return start(hosts, env, "512m", jvmArgs);
    }

    /** The same with every member's -Xmx set to {@code maxHeap}. */
    public static Members start(List<String> hosts, Map<String, String> env, String maxHeap, String... jvmArgs)
            throws Exception {
        PostgresDatabase database = PostgresDatabase.createOrSkip();
        Map<String, String> shared = new HashMap<>(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0"));
        shared.putAll(database.chorusEnv());
        shared.putAll(env);
        List<Integer> ports = hosts.stream().map(h -> Ports.free()).toList();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            members.add(hosts.get(i) + ":" + ports.get(i));
        }
        String cluster = "chorus-members-" + Long.toHexString(System.nanoTime());
        List<ChorusServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < hosts.size(); i++) {
                ChorusServer server = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-m" + i + "-"))
                        .host(hosts.get(i)).gridPorts(ports.get(i), ports).clusterMembers(members)
                        .clusterName(cluster).env(shared).maxHeap(maxHeap).jvmArgs(jvmArgs).build();
                servers.add(server);
                server.start();
                if (!Files.readString(server.log()).contains("DG Size: " + (i + 1))) {
                    throw new IllegalStateException("member " + i + " did not join:\n" + server.logTail());
                }
            }
            return new Members(database, servers);
        } catch (Exception | Error e) {
            for (ChorusServer server : servers) {
                server.close();
            }
            database.close();
            throw e;
        }
    }

    public ChorusServer get(int index) {
        return servers.get(index);
    }

    public List<ChorusServer> all() {
        return servers;
    }

    public PostgresDatabase database() {
        return database;
    }

    @Override
    public void close() throws Exception {
        try {
            for (ChorusServer server : servers) {
                server.close();
            }
        } finally {
            database.close();
        }
    }
}
