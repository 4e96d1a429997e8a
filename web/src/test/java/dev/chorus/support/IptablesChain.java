package dev.chorus.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An iptables chain of one test object's own, jumped to from a built-in chain: removing exactly what was added
 * is removing the jump and the chain, whatever else the machine's firewall holds. Also removed by a shutdown
 * hook if the test JVM dies first. Shared by {@link Firewall} (drops) and {@link GridTraffic} (counts).
 */
final class IptablesChain implements AutoCloseable {
    private final String name;
    private final List<String> jump;
    private final Thread cleanup = new Thread(this::removeQuietly, "iptables-cleanup");
    private boolean installed;

    /** Creates the chain and jumps to it from {@code hook} for packets that match {@code match}. */
    IptablesChain(String prefix, String hook, String... match) throws IOException, InterruptedException {
        this.name = prefix + Long.toHexString(System.nanoTime()).toUpperCase();
        List<String> rule = new ArrayList<>(List.of(hook));
        rule.addAll(List.of(match));
        rule.addAll(List.of("-j", name));
        this.jump = List.copyOf(rule);
        run("-N", name);
        installed = true;
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<String> insert = new ArrayList<>(List.of("-I"));
        insert.addAll(jump);
        run(insert.toArray(String[]::new));
    }

    void append(String... rule) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-A", name));
        args.addAll(List.of(rule));
        run(args.toArray(String[]::new));
    }

    void flush() throws IOException, InterruptedException {
        run("-F", name);
    }

    void zeroCounters() throws IOException, InterruptedException {
        run("-Z", name);
    }

    /** {@code iptables -L} of the chain with exact counters. */
    String listing() throws IOException, InterruptedException {
        return run("-L", name, "-v", "-x", "-n");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!installed) {
            return;
        }
        List<String> delete = new ArrayList<>(List.of("-D"));
        delete.addAll(jump);
        run(delete.toArray(String[]::new));
        run("-F", name);
        run("-X", name);
        installed = false;
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: nothing left to remove
        }
    }

    private void removeQuietly() {
        try {
            close();
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // best effort at exit
        }
    }

    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("iptables", "-w"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.trim());
        }
        return out;
    }
}
