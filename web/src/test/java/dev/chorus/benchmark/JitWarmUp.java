package dev.chorus.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Load in rounds until the member's JIT has settled: until every rate of two rounds in a row is within 10% of the
 * round before it, after at least {@code benchmark.warmupMin} seconds and at most {@code benchmark.warmup}. Why rounds and
 * not a fixed warm-up: on two cores that the member, the load client and the database share, C2 gets a fraction of
 * a core, and a member's posting went from ~900 posts/s after 20 s to ~3,000 after 2.5 minutes (H2, 2026-12-03);
 * a figure taken after a short warm-up measures the compiler's backlog, not the member. The rounds are reported
 * beside the figures, so a reader sees how the member got there.
 */
final class JitWarmUp {
    private static final double SETTLED = 0.10;
    static final int MIN_SECONDS = Integer.getInteger("benchmark.warmupMin", 45);
    static final int MAX_SECONDS = Integer.getInteger("benchmark.warmup", 240);

    /** One round of load; returns the rates it measured (e.g. posts/s, or polls/s and the static ceiling's). */
    @FunctionalInterface
    interface Round {
        double[] run() throws Exception;
    }

    private JitWarmUp() {
    }

    /** Runs rounds of {@code seconds} each until settled; returns each round's rates and the time spent. */
    static String untilSettled(int seconds, Round round) throws Exception {
        List<String> rounds = new ArrayList<>();
        double[] previous = null;
        int flat = 0; // rounds in a row within SETTLED of the one before (one is not enough: a slow climb has them)
        int spent = 0;
        while (spent < MAX_SECONDS) {
            double[] rates = round.run();
            spent += seconds;
            rounds.add(Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%.0f", r))
                    .collect(Collectors.joining("/")));
            flat = previous != null && settled(previous, rates) ? flat + 1 : 0;
            if (flat >= 2 && spent >= MIN_SECONDS) {
                break;
            }
            previous = rates;
        }
        return String.join(", ", rounds) + " (" + spent + " s)";
    }

    private static boolean settled(double[] before, double[] now) {
        for (int i = 0; i < now.length; i++) {
            if (Math.abs(now[i] - before[i]) > SETTLED * before[i]) {
                return false;
            }
        }
        return true;
    }
}
