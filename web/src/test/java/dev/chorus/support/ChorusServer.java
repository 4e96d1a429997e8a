package dev.chorus.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real Chorus member: the microbundle in its own JVM, HTTP and grid bound to 127.0.0.1, its own work
 * directory (H2 file database, Payara root dir, log). Tests start, kill -9 and restart it; only the PID this
 * class started is ever signalled.
 */
public final class ChorusServer implements AutoCloseable {
    public static final String BOT_TOKEN = "test-bot-token";
    /**
     * For benchmarks: the JIT a member runs with in production (C2 after C1), in place of the C1-only start-up
     * setting the tests use; a throughput figure measured with C1 alone says little about a real member.
     */
    public static final String PEAK_JIT = "-XX:TieredStopAtLevel=4";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private final Path workDir;
    private final int httpPort;
    private final int gridPort;
    private final List<Integer> clusterPorts;
    private final String clusterName;
    private final Map<String, String> env;
    private final List<String> extraArgs;
    private final String host;
    private final boolean keepRootDir;
    private final List<String> clusterMembers;
    private final List<String> jvmArgs;
    private final String maxHeap;
    private final boolean startupArchive;
    private Process process;

    private ChorusServer(Builder builder) {
        this.workDir = builder.workDir;
        this.httpPort = builder.httpPort > 0 ? builder.httpPort : Ports.free();
        this.keepRootDir = builder.keepRootDir;
        this.gridPort = builder.gridPort;
        this.clusterPorts = builder.clusterPorts;
        this.clusterName = builder.clusterName;
        this.env = builder.env;
        this.extraArgs = builder.extraArgs;
        this.host = builder.host;
        this.clusterMembers = builder.clusterMembers != null ? builder.clusterMembers
                : builder.clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList();
        this.jvmArgs = builder.jvmArgs;
        this.maxHeap = builder.maxHeap;
        this.startupArchive = builder.startupArchive;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A single member with an H2 file database in a fresh temporary directory. */
    public static ChorusServer single(Map<String, String> extraEnv) throws IOException {
        int port = Ports.free();
        return builder().workDir(Files.createTempDirectory("chorus-it-")).gridPorts(port, List.of(port))
                .env(extraEnv).build();
    }

    public ChorusServer start() throws IOException, InterruptedException {
        // A fresh Payara root per start unless a test reuses it (the launcher makes a reused root deploy once).
        Path root = workDir.resolve("root");
        if (!keepRootDir) {
            deleteRecursively(root);
        }
        Files.createDirectories(root);
        // Payara unpacks the application and its runtime into java.io.tmpdir; keep that in the work directory,
        // which close() deletes, so even a kill -9 leaves nothing behind.
        Path tmp = workDir.resolve("tmp");
        Files.createDirectories(tmp);
        Path preboot = workDir.resolve("preboot.asadmin");
        Files.writeString(preboot,
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address="
                        + host + "\n");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Dhazelcast.socket.bind.any=false", "-Djava.io.tmpdir=" + tmp));
        // outgoing grid connections leave from this member's own address, so a firewall rule can tell members apart
        command.add("-Dhazelcast.socket.client.bind.any=false");
        // Start-up speed (issue 11: ~32 member starts per build on 2 cores). A start is CPU-bound class loading
        // and JIT work: the C1 compiler alone (no C2 tier) and the start-up class archive (StartupArchive) take
        // a start from ~19 to ~8 CPU seconds. C1 code is slower at peak than C2's, which no test measures (their
        // latency bounds are hundreds of ms, their work is I/O); a test that wants C2 passes
        // -XX:TieredStopAtLevel=4 in its jvmArgs, which come later and win.
        command.add("-XX:TieredStopAtLevel=1");
        if (startupArchive) {
            command.addAll(StartupArchive.jvmOptions());
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", microbundle().toString(),
                "--port", String.valueOf(httpPort),
                "--rootdir", root.toString(),
                "--prebootcommandfile", preboot.toString(),
                "--interfaces", host,
                "--startport", String.valueOf(gridPort),
                "--clustermode", "tcpip:" + String.join(",", clusterMembers),
                "--clustername", clusterName,
                "--nohostaware",
                "--disablephonehome"));
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().put("CHORUS_BOT_TOKEN", BOT_TOKEN);
        // Tests read /metrics and health details from loopback; a test about operators overrides this ("none").
        builder.environment().put("CHORUS_MANAGEMENT_ADDRESS", "127.0.0.1");
        builder.environment().put("CHORUS_DB_URL", "jdbc:h2:file:" + workDir.resolve("data/chorus") + ";WRITE_DELAY=0");
        builder.environment().putAll(env);
        process = builder.start();
        try {
            awaitReady();
        } catch (RuntimeException e) {
            kill(); // a member that never became ready must not linger (nor hold its ports) after the test
            throw e;
        }
        return this;
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            Awaitility.await("Chorus ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .failFast("the process exited", () -> !process.isAlive())
                    .until(() -> ready(client));
        } catch (TerminalFailureException exited) {
            throw new IllegalStateException("Chorus exited with " + process.exitValue() + "\n" + logTail());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Chorus not ready within " + READY_TIMEOUT + "\n" + logTail());
        }
    }

    /** Payara answers UP with no checks before the application is deployed: wait for ours, and for it to serve. */
    private boolean ready(HttpClient client) throws InterruptedException {
        try {
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(baseUri().resolve("/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return ready.statusCode() == 200 && ready.body().contains("\"grid\"") && serving(client);
        } catch (IOException notYet) {
            return false; // still booting
        }
    }

    /** The web module serves requests (it starts a moment after the health checks register). */
    private boolean serving(HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(baseUri().resolve("/api/stats")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    }

    /** kill -9: no shutdown hook, no flush; what was acknowledged must already be durable. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** A graceful stop (SIGTERM), falling back to kill -9 after 60 s. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }

    public URI baseUri() {
        return URI.create("http://" + host + ":" + httpPort);
    }

    /** kill -STOP of this member's PID: a long GC pause or a frozen VM. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** kill -CONT: the paused member runs on, unaware of the time it lost. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    public String host() {
        return host;
    }

    public int gridPort() {
        return gridPort;
    }

    public BoardClient client() {
        return new BoardClient(baseUri());
    }

    /**
     * The member's heap after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), in MB used, or
     * -1 when jcmd's answer has no figure. For benchmarks.
     */
    public long heapAfterGcMb() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid()), "GC.run").redirectErrorStream(true).start()
                .waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, String.valueOf(pid()), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(60, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }

    public long pid() {
        return process.pid();
    }

    public Path workDir() {
        return workDir;
    }

    public Path log() {
        return workDir.resolve("chorus.log");
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the process and deletes the work directory (database, Payara root, log). */
    @Override
    public void close() throws Exception {
        kill();
        keepLog();
        if (!Boolean.getBoolean("chorus.keepWorkDirs")) {
            deleteRecursively(workDir);
        }
    }

    /** Copies the member's log to {@code chorus.itLogs} (target/it-logs), so a failed run can still be read. */
    private void keepLog() {
        String logs = System.getProperty("chorus.itLogs");
        if (logs == null || !Files.exists(log())) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of(logs));
            Files.copy(log(), dir.resolve(workDir.getFileName() + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("could not keep " + log() + ": " + e);
        }
    }

    /** Deletes a test directory and everything in it. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static Path microbundle() {
        return Path.of(System.getProperty("chorus.microbundle", "target/chorus-microbundle.jar"));
    }

    public static final class Builder {
        private Path workDir;
        private int gridPort;
        private List<Integer> clusterPorts;
        private String clusterName = "chorus-it-" + Long.toHexString(System.nanoTime());
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> extraArgs = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private String host = "127.0.0.1";
        private List<String> clusterMembers;
        private int httpPort;
        private boolean keepRootDir;
        private String maxHeap = "512m";
        private boolean startupArchive = true;

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** This member's grid port and every member's grid port (the tcp-ip member list). */
        public Builder gridPorts(int own, List<Integer> all) {
            this.gridPort = own;
            this.clusterPorts = all;
            return this;
        }

        public Builder clusterName(String name) {
            this.clusterName = name;
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /** The loopback address this member binds HTTP and the grid to (127.0.0.1 unless told otherwise). */
        public Builder host(String address) {
            this.host = address;
            return this;
        }

        /** Every member as host:port (when they are not all on 127.0.0.1). */
        public Builder clusterMembers(List<String> hostPorts) {
            this.clusterMembers = hostPorts;
            return this;
        }

        /** This HTTP port instead of a free one (e.g. one that is taken). */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Keep the Payara root directory between starts, as an operator's --rootdir is kept. */
        public Builder keepRootDir() {
            this.keepRootDir = true;
            return this;
        }

        /** More JVM options (system properties), e.g. shorter grid timings for a drill. */
        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        /** More Payara Micro arguments, e.g. {@code --deploy other.war}. */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** The member's -Xmx (default 512m), e.g. {@code "256m"}. */
        public Builder maxHeap(String size) {
            this.maxHeap = size;
            return this;
        }

        /** Start without the start-up class archive (the member that makes it, see {@link StartupArchive}). */
        Builder withoutStartupArchive() {
            this.startupArchive = false;
            return this;
        }

        public ChorusServer build() {
            return new ChorusServer(this);
        }
    }
}
