package dev.chorus.support;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Counts the bytes the members of a loopback cluster send each other on their grid ports, with an iptables rule
 * that only counts (it accepts nothing and drops nothing): every TCP packet on {@code lo} from or to one of the
 * ports, counted once as it leaves. HTTP and database traffic are not counted. The rule lives in a chain of its
 * own ({@link IptablesChain}), removed by {@link #close()}. Needs root and iptables
 * ({@link Firewall#unavailableBecause()}).
 */
public final class GridTraffic implements AutoCloseable {
    private final IptablesChain chain;

    public GridTraffic(List<Integer> gridPorts) throws IOException, InterruptedException {
        chain = new IptablesChain("CHORUS-BYTES-", "OUTPUT", "-o", "lo");
        chain.append("-p", "tcp", "-m", "multiport", "--ports",
                gridPorts.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /** Bytes counted since the start or the last {@link #reset()}. */
    public long bytes() throws IOException, InterruptedException {
        String listing = chain.listing();
        for (String line : listing.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            // "pkts bytes [target] prot ..." — the counting rule has no target, and -n prints the protocol as 6
            if (fields.length > 2 && fields[0].matches("\\d+") && line.contains("multiport")) {
                return Long.parseLong(fields[1]);
            }
        }
        throw new IllegalStateException("no counting rule in " + listing);
    }

    public void reset() throws IOException, InterruptedException {
        chain.zeroCounters();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        chain.close();
    }
}
