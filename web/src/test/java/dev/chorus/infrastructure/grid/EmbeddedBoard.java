package dev.chorus.infrastructure.grid;

import com.hazelcast.core.HazelcastInstance;
import dev.chorus.infrastructure.config.TestSettings;
import dev.chorus.infrastructure.grid.processors.EmbeddedGrid;
import dev.chorus.infrastructure.persistence.ChorusDatabase;
import dev.chorus.infrastructure.persistence.TestDatabases;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The board on one or more embedded Hazelcast members in this JVM (127.0.0.1, free ports, a cluster name of its
 * own) over one fresh in-memory H2 database, as the members of a real cluster share one PostgreSQL database.
 * Runs in about a second; closing stops every member and drops the database.
 */
public final class EmbeddedBoard implements AutoCloseable {
    public static final int WINDOW_CAPACITY = 50;
    /** The POST bound of most tests: generous, as a loaded machine is slow. */
    public static final int POST_TIMEOUT_SECONDS = 5;
    /** Kept, so the levels set below stay (JUL holds loggers weakly). */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.flywaydb"),
            // the adapters log the take-overs and refusals the tests provoke: noise in the report
            Logger.getLogger("dev.chorus.infrastructure.grid"));

    static {
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
    }

    public final TestDatabases.Switchable dataSource = TestDatabases.freshH2();
    public final JdbcMessageRepository history = new JdbcMessageRepository(() -> dataSource);
    private final List<GridMember> members = new ArrayList<>();

    private EmbeddedBoard() {
    }

    /** {@code size} members, each with its adapters wired (housekeeping not started). */
    public static EmbeddedBoard start(Class<?> testClass, int size) {
        return start(testClass, size, POST_TIMEOUT_SECONDS);
    }

    /**
     * The same with a POST bound of {@code postTimeoutSeconds}: a short one for tests of what happens when it
     * runs out (a sweep takes over an entry pending for twice the bound).
     */
    public static EmbeddedBoard start(Class<?> testClass, int size, int postTimeoutSeconds) {
        EmbeddedBoard board = new EmbeddedBoard();
        ChorusDatabase database = TestDatabases.h2(board.dataSource);
        try {
            List<HazelcastInstance> instances = size == 1
                    ? List.of(EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(testClass)))
                    : EmbeddedGrid.cluster(testClass, size);
            for (HazelcastInstance instance : instances) {
                board.members.add(new GridMember(instance, database, TestSettings.board(WINDOW_CAPACITY),
                        TestSettings.cluster("auto", postTimeoutSeconds)));
            }
            return board;
        } catch (RuntimeException | Error e) {
            board.close();
            throw e;
        }
    }

    public GridMember member(int index) {
        return members.get(index);
    }

    /** The member that owns the recent window (where every stamp runs). */
    public GridMember windowOwner() {
        return members.stream().filter(m -> EmbeddedGrid.owns(m.hazelcast, GridMaps.WINDOW_KEY)).findFirst()
                .orElseThrow();
    }

    /** A member that does not own the window. */
    public GridMember notWindowOwner() {
        return members.stream().filter(m -> !EmbeddedGrid.owns(m.hazelcast, GridMaps.WINDOW_KEY)).findFirst()
                .orElseThrow();
    }

    /** Kills {@code member} without a hand-over (a crash) and waits until the others see it gone. */
    public void crash(GridMember member) {
        member.close();
        member.hazelcast.getLifecycleService().terminate();
        members.remove(member);
        EmbeddedGrid.awaitMembers(members.size(), members.stream().map(m -> m.hazelcast)
                .toArray(HazelcastInstance[]::new));
    }

    @Override
    public void close() {
        for (GridMember member : members) {
            try {
                member.close();
            } finally {
                member.hazelcast.getLifecycleService().terminate();
            }
        }
        members.clear();
        try {
            dataSource.up();
            dataSource.shutdown();
        } catch (Exception e) {
            // nothing was created yet, or it is gone already
        }
    }
}
