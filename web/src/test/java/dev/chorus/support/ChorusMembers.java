package dev.chorus.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension for the real Chorus members a test class runs against: one member (H2, or PostgreSQL), or two
 * or three clustered members sharing one fresh PostgreSQL database (skipping the class when PostgreSQL is absent).
 * Register it as a static field; it starts the members before the class's own {@code @BeforeAll} methods and
 * stops them (by PID) and drops the database after its {@code @AfterAll} methods:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ChorusMembers chorus = ChorusMembers.one().env("CHORUS_RATE_LIMIT_PER_MINUTE", "0");
 * }</pre>
 *
 * A class whose configuration depends on what it starts first (an LLM stub's port, an entities file) calls
 * {@link #startedByTheTest()} and then {@link #start(Map)} from its {@code @BeforeAll}; the extension still
 * stops what was started.
 *
 * <p>{@link #shared()}: one H2 member per configuration for the whole test run, reused by every class that asks
 * for the same configuration and closed when the run ends (JUnit's root store). Only for classes that tolerate
 * other classes' messages on the board and neither kill, pause nor restart the member.
 */
public final class ChorusMembers implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(ChorusMembers.class);

    private final List<String> hosts;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private boolean postgres;
    private String maxHeap = "512m";
    private boolean shared;
    private boolean startedByTheTest;
    private Running running;

    private ChorusMembers(List<String> hosts, boolean postgres) {
        this.hosts = hosts;
        this.postgres = postgres;
    }

    /** One member with an H2 file database of its own. */
    public static ChorusMembers one() {
        return new ChorusMembers(List.of("127.0.0.1"), false);
    }

    /** Two clustered members on 127.0.0.1 sharing a fresh PostgreSQL database; rate limit off unless set. */
    public static ChorusMembers two() {
        return onHosts("127.0.0.1", "127.0.0.1");
    }

    /** Three clustered members on 127.0.0.1 sharing a fresh PostgreSQL database; rate limit off unless set. */
    public static ChorusMembers three() {
        return onHosts("127.0.0.1", "127.0.0.1", "127.0.0.1");
    }

    /** One clustered member per loopback address given (e.g. two on 127.0.0.1, one on 127.0.0.2), PostgreSQL. */
    public static ChorusMembers onHosts(String... hosts) {
        return new ChorusMembers(List.of(hosts), true);
    }

    /** A single member on a fresh PostgreSQL database instead of H2 (skipping the class without PostgreSQL). */
    public ChorusMembers postgres() {
        postgres = true;
        return this;
    }

    public ChorusMembers env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public ChorusMembers env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    /** Every member's -Xmx (default 512m). */
    public ChorusMembers maxHeap(String size) {
        maxHeap = size;
        return this;
    }

    /** More JVM options for every member (e.g. shorter grid timings for a drill). */
    public ChorusMembers jvmArgs(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    /** Reuse one member with this configuration across test classes (see the class comment). */
    public ChorusMembers shared() {
        shared = true;
        return this;
    }

    /** The test's {@code @BeforeAll} starts the members with {@link #start(Map)}, once it knows their configuration. */
    public ChorusMembers startedByTheTest() {
        startedByTheTest = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (shared) {
            if (postgres || hosts.size() != 1 || startedByTheTest) {
                throw new IllegalStateException("only a single H2 member started by the extension can be shared");
            }
            Key key = new Key(Map.copyOf(env), maxHeap, List.copyOf(jvmArgs));
            running = context.getRoot().getStore(SHARED).getOrComputeIfAbsent(key, k -> {
                try {
                    return launch(env);
                } catch (Exception e) {
                    throw new IllegalStateException("the shared Chorus member did not start", e);
                }
            }, Running.class);
        } else if (!startedByTheTest) {
            running = launch(env);
        }
    }

    /** Starts the members with the configured environment plus {@code moreEnv}; for {@link #startedByTheTest()}. */
    public ChorusMembers start(Map<String, String> moreEnv) throws Exception {
        if (running != null) {
            throw new IllegalStateException("already started");
        }
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(moreEnv);
        running = launch(all);
        return this;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!shared && running != null) {
            try {
                running.close();
            } finally {
                running = null;
            }
        }
    }

    /** The only member, or the first (the oldest) of a cluster. */
    public ChorusServer server() {
        return member(0);
    }

    public ChorusServer member(int index) {
        return started().servers.get(index);
    }

    public List<ChorusServer> all() {
        return started().servers;
    }

    /** The PostgreSQL database the members share (null for H2). */
    public PostgresDatabase database() {
        return started().database;
    }

    private Running started() {
        return Objects.requireNonNull(running, "the Chorus members are not started");
    }

    private Running launch(Map<String, String> environment) throws Exception {
        if (hosts.size() > 1) {
            Members members = Members.start(hosts, environment, maxHeap, jvmArgs.toArray(String[]::new));
            return new Running(members.all(), members.database(), members);
        }
        PostgresDatabase database = postgres ? PostgresDatabase.createOrSkip() : null;
        AutoCloseable dropDatabase = () -> {
            if (database != null) {
                database.close();
            }
        };
        ChorusServer server;
        try {
            Map<String, String> own = new HashMap<>(environment);
            if (database != null) {
                own.putAll(database.chorusEnv());
                own.putAll(environment); // what the test set wins
            }
            int grid = Ports.free();
            Path itTmp = Files.createDirectories(Path.of(System.getProperty("chorus.itTmp", "target")));
            server = ChorusServer.builder().workDir(Files.createTempDirectory(itTmp, "chorus-it-"))
                    .gridPorts(grid, List.of(grid)).env(own).maxHeap(maxHeap).jvmArgs(jvmArgs.toArray(String[]::new))
                    .build();
        } catch (Exception | Error e) {
            dropDatabase.close();
            throw e;
        }
        AutoCloseable closeAll = () -> {
            try {
                server.close();
            } finally {
                dropDatabase.close();
            }
        };
        try {
            server.start();
        } catch (Exception | Error e) {
            closeAll.close();
            throw e;
        }
        return new Running(List.of(server), database, closeAll);
    }

    /** What a shared member is told apart by. */
    private record Key(Map<String, String> env, String maxHeap, List<String> jvmArgs) {
    }

    /** Started members; closed by the class's afterAll, or, when shared, at the end of the run. */
    private record Running(List<ChorusServer> servers, PostgresDatabase database, AutoCloseable closer)
            implements ExtensionContext.Store.CloseableResource {
        Running {
            servers = Collections.unmodifiableList(servers);
        }

        @Override
        public void close() throws Exception {
            closer.close();
        }
    }
}
