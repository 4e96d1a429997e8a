package dev.chorus.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A second loopback address (e.g. 127.0.0.2) on {@code lo} for the life of a test, so one member's grid traffic
 * can be told apart from the others' by address. The data grid binds only to addresses an interface carries,
 * hence the alias. Removed on close (and by a shutdown hook if the JVM dies first); an address that was there
 * already is left alone. Needs root and the {@code ip} command (iproute2).
 */
public final class LoopbackAlias implements AutoCloseable {
    private final String address;
    private final boolean added;
    private final Thread cleanup;

    private LoopbackAlias(String address, boolean added) {
        this.address = address;
        this.added = added;
        this.cleanup = new Thread(this::removeQuietly, "loopback-alias-cleanup");
        if (added) {
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
    }

    /** Adds {@code address} to lo, or tells why it cannot be done here. */
    public static Optional<LoopbackAlias> add(String address, StringBuilder whyNot) {
        try {
            if (run("ip", "-o", "addr", "show", "dev", "lo").contains(" " + address + "/")) {
                return Optional.of(new LoopbackAlias(address, false));
            }
            run("ip", "addr", "add", address + "/32", "dev", "lo");
            return Optional.of(new LoopbackAlias(address, true));
        } catch (IOException e) {
            whyNot.append("cannot add ").append(address).append(" to lo (needs root and iproute2): ").append(e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            whyNot.append("interrupted");
            return Optional.empty();
        }
    }

    public String address() {
        return address;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (added) {
            run("ip", "addr", "del", address + "/32", "dev", "lo");
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private void removeQuietly() {
        try {
            if (added) {
                run("ip", "addr", "del", address + "/32", "dev", "lo");
            }
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // best effort at exit
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out.trim());
        }
        return out;
    }
}
