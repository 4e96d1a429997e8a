package dev.chorus.support;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two clustered Chorus members on loopback sharing one fresh PostgreSQL database (an H2 file belongs to one
 * process). Skips the calling test class when PostgreSQL is absent. Closing stops both and drops the database.
 */
public final class TwoMembers implements AutoCloseable {
    private final PostgresDatabase database;
    private final ChorusServer a;
    private final ChorusServer b;

    private TwoMembers(PostgresDatabase database, ChorusServer a, ChorusServer b) {
        this.database = database;
        this.a = a;
        this.b = b;
    }

    /** Starts A, then B joining A's cluster; {@code env} is given to both (rate limit off unless set). */
    public static TwoMembers start(Map<String, String> env) throws Exception {
        PostgresDatabase database = PostgresDatabase.createOrSkip();
        Map<String, String> shared = new HashMap<>(Map.of("CHORUS_RATE_LIMIT_PER_MINUTE", "0"));
        shared.putAll(database.chorusEnv());
        shared.putAll(env);
        int portA = Ports.free();
        int portB = Ports.free();
        String cluster = "chorus-two-" + Long.toHexString(System.nanoTime());
        ChorusServer a = null;
        try {
            a = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-a-"))
                    .gridPorts(portA, List.of(portA, portB)).clusterName(cluster).env(shared).build().start();
            ChorusServer b = ChorusServer.builder().workDir(Files.createTempDirectory("chorus-b-"))
                    .gridPorts(portB, List.of(portA, portB)).clusterName(cluster).env(shared).build().start();
            if (!Files.readString(b.log()).contains("DG Size: 2")) {
                throw new IllegalStateException("B did not join A's cluster:\n" + b.logTail());
            }
            return new TwoMembers(database, a, b);
        } catch (Exception | Error e) {
            if (a != null) {
                a.close();
            }
            database.close();
            throw e;
        }
    }

    public ChorusServer a() {
        return a;
    }

    public ChorusServer b() {
        return b;
    }

    public PostgresDatabase database() {
        return database;
    }

    @Override
    public void close() throws Exception {
        try {
            b.close();
            a.close();
        } finally {
            database.close();
        }
    }
}
