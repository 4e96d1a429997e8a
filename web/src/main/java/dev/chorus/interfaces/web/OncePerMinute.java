package dev.chorus.interfaces.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs each kind of refused request at most once a minute, as one line without a stack trace: a hostile
 * client sending thousands of bad requests cannot fill the disk. The count of suppressed lines is kept in the
 * next line of the same kind.
 */
public final class OncePerMinute {
    private static final Logger LOG = Logger.getLogger("dev.chorus.refused");
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final Map<String, long[]> LAST = new ConcurrentHashMap<>();

    private OncePerMinute() {
    }

    /** {@code kind} groups the lines (e.g. "400 text", "408 body"); {@code detail} is what happened. */
    public static void log(String kind, String detail) {
        long now = System.nanoTime();
        long[] state = LAST.computeIfAbsent(clean(kind, 60), k -> new long[] {now - MINUTE_NANOS, 0});
        long suppressed;
        synchronized (state) {
            if (now - state[0] < MINUTE_NANOS) {
                state[1]++;
                return;
            }
            state[0] = now;
            suppressed = state[1];
            state[1] = 0;
        }
        if (LAST.size() > 1000) {
            LAST.clear(); // kinds come from a fixed set in practice; never let them grow without bound
        }
        LOG.log(Level.INFO, "Refused ({0}): {1}{2}", new Object[] {clean(kind, 60), clean(detail, 200),
                suppressed == 0 ? "" : " (" + suppressed + " more of this kind in the last minute)"});
    }

    /** One line of printable text, at most {@code max} characters: client input never forges log lines. */
    static String clean(String text, int max) {
        String line = String.valueOf(text).replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }
}
