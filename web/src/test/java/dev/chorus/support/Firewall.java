package dev.chorus.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Cuts grid traffic between one member and the others with iptables, for partition drills. Every rule lives in
 * a chain of this instance's own, jumped to from INPUT ({@link IptablesChain}), removed by {@link #close()}.
 * Needs root and the iptables command; {@link #unavailableBecause()} says why it cannot work here.
 */
public final class Firewall implements AutoCloseable {
    private IptablesChain chain;

    /** Why iptables cannot be used here, or empty when it can. */
    public static Optional<String> unavailableBecause() {
        try {
            Process probe = new ProcessBuilder("iptables", "-S", "INPUT").redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return probe.waitFor() == 0 ? Optional.empty()
                    : Optional.of("iptables -S INPUT failed (needs root and netfilter): " + out.trim());
        } catch (IOException e) {
            return Optional.of("no iptables command (apt-get install -y iptables): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * Drops every packet between the grid port of the member at {@code isolatedHost:isolatedPort} and the grid
     * ports of the others at {@code othersHost}, in both directions and for connections opened by either side.
     * HTTP and database traffic are untouched: clients and the database still reach every member.
     */
    public void isolate(String isolatedHost, int isolatedPort, String othersHost, List<Integer> otherPorts)
            throws IOException, InterruptedException {
        if (chain == null) {
            chain = new IptablesChain("CHORUS-", "INPUT");
        }
        String others = String.join(",", otherPorts.stream().map(String::valueOf).toList());
        String port = String.valueOf(isolatedPort);
        chain.append("-s", isolatedHost, "-d", othersHost, "-p", "tcp", "-m", "multiport", "--dports", others, "-j", "DROP");
        chain.append("-s", othersHost, "-d", isolatedHost, "-p", "tcp", "-m", "multiport", "--sports", others, "-j", "DROP");
        chain.append("-s", othersHost, "-d", isolatedHost, "-p", "tcp", "--dport", port, "-j", "DROP");
        chain.append("-s", isolatedHost, "-d", othersHost, "-p", "tcp", "--sport", port, "-j", "DROP");
    }

    /** Lets the traffic through again (the chain stays, empty, until {@link #close()}). */
    public void heal() throws IOException, InterruptedException {
        if (chain != null) {
            chain.flush();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (chain != null) {
            chain.close();
            chain = null;
        }
    }
}
