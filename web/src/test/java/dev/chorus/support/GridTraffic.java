package dev.chorus.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Counts the bytes the members of a loopback cluster send each other on their grid ports, with an iptables rule
 * that only counts (it accepts nothing and drops nothing): every TCP packet on {@code lo} from or to one of the
 * ports, counted once as it leaves. HTTP and database traffic are not counted. The rule lives in a chain of this
 * JVM's own, removed by {@link #close()} (and at exit if a run dies first). Needs root and iptables, like
 * {@link Firewall} ({@link Firewall#unavailableBecause()}).
 */
public final class GridTraffic implements AutoCloseable {
    private final String chain = "CHORUS_BYTES_" + ProcessHandle.current().pid();
    private final Thread cleanup = new Thread(this::removeQuietly, "grid-traffic-cleanup");
    private boolean installed;

    public GridTraffic(List<Integer> gridPorts) throws IOException, InterruptedException {
        String ports = gridPorts.stream().map(String::valueOf).collect(Collectors.joining(","));
        run("-N", chain);
        installed = true;
        Runtime.getRuntime().addShutdownHook(cleanup);
        run("-A", chain, "-p", "tcp", "-m", "multiport", "--ports", ports);
        run("-I", "OUTPUT", "-o", "lo", "-j", chain);
    }

    /** Bytes counted since the start or the last {@link #reset()}. */
    public long bytes() throws IOException, InterruptedException {
        String listing = run("-L", chain, "-v", "-x", "-n");
        for (String line : listing.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 2 && fields[0].matches("\\d+") && fields[2].equals("tcp")) {
                return Long.parseLong(fields[1]);
            }
        }
        throw new IllegalStateException("no counting rule in " + listing);
    }

    public void reset() throws IOException, InterruptedException {
        run("-Z", chain);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!installed) {
            return;
        }
        run("-D", "OUTPUT", "-o", "lo", "-j", chain);
        run("-F", chain);
        run("-X", chain);
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

    private static String run(String... args) throws IOException, InterruptedException {
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
