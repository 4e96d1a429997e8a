package dev.chorus.support;

import java.util.List;
import java.util.Map;

/**
 * Two clustered Chorus members on loopback sharing one fresh PostgreSQL database (an H2 file belongs to one
 * process), for tests and benchmarks that start a cluster inside a test method; test classes that need one for
 * all their tests use {@link ChorusMembers#two()}. Skips the calling test when PostgreSQL is absent. Closing stops
 * both and drops the database.
 */
public final class TwoMembers implements AutoCloseable {
    private final Members members;

    private TwoMembers(Members members) {
        this.members = members;
    }

    /** Starts A, then B joining A's cluster; {@code env} is given to both (rate limit off unless set). */
    public static TwoMembers start(Map<String, String> env, String... jvmArgs) throws Exception {
        return new TwoMembers(Members.start(List.of("127.0.0.1", "127.0.0.1"), env, jvmArgs));
    }

    public ChorusServer a() {
        return members.get(0);
    }

    public ChorusServer b() {
        return members.get(1);
    }

    public PostgresDatabase database() {
        return members.database();
    }

    @Override
    public void close() throws Exception {
        members.close();
    }
}
