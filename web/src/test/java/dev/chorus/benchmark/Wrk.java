package dev.chorus.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (Debian package {@code wrk}), a C load generator, and reads its figures. */
final class Wrk {
    static final Path BINARY = Path.of("/usr/bin/wrk");

    private Wrk() {
    }

    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long non2xx, String raw) {
        /** The responses wrk counted ("N requests in ..."), 2xx or not. */
        long requests() {
            return (long) number(raw, "(\\d+) requests in");
        }
    }

    static Result run(String url, int connections, int seconds) throws IOException, InterruptedException {
        return run(List.of("-t2", "-c" + connections, "-d" + seconds + "s", "--latency", url));
    }

    /** wrk with {@code threads} threads running the Lua {@code script} against {@code url}, given {@code scriptArgs}. */
    static Result run(String url, int threads, int connections, int seconds, Path script, String... scriptArgs)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency", "-s", script.toString(), url, "--"));
        args.addAll(List.of(scriptArgs));
        return run(args);
    }

    private static Result run(List<String> args) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("wrk is needed for this benchmark: apt-get install -y wrk");
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(args);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        return new Result(number(out, "Requests/sec:\\s+([\\d.]+)"), millis(out, "50%"), millis(out, "99%"),
                out.contains("Non-2xx") ? (long) number(out, "Non-2xx or 3xx responses:\\s+(\\d+)") : 0, out);
    }

    private static double millis(String out, String percentile) {
        Matcher m = Pattern.compile(percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " in wrk output:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + regex + " in wrk output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
