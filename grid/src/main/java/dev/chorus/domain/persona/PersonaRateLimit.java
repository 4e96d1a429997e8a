package dev.chorus.domain.persona;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The per-persona rate-limit rule ({@link RateLimits}), checked at dispatch against the persona's recent post times.
 * Windows slide (any 60 s, any 3600 s ending now), unlike the original's fixed windows that reset on a timer, so a
 * burst at a window edge cannot double the limit. Where and how post times are kept (cluster-wide) is the caller's
 * business; this class only decides.
 */
public final class PersonaRateLimit {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private PersonaRateLimit() {
    }

    /**
     * The verdict: {@link #allowed()}, else how long to wait ({@link #retryAfter()}, positive) and why
     * ({@link #reason()}).
     */
    public record Decision(boolean allowed, Duration retryAfter, String reason) {
        private static final Decision ALLOW = new Decision(true, Duration.ZERO, null);

        public static Decision allow() {
            return ALLOW;
        }

        public static Decision deny(Duration retryAfter, String reason) {
            return new Decision(false, retryAfter, reason);
        }
    }

    /**
     * Whether the persona may post at {@code now}.
     *
     * @param recentPosts times of the persona's earlier posts, any order; posts older than an hour are ignored, and
     *                    so are posts after {@code now}.
     */
    public static Decision check(RateLimits limits, Collection<Instant> recentPosts, Instant now) {
        if (limits == null || recentPosts == null || recentPosts.isEmpty() || limits.isUnlimited()) {
            return Decision.allow();
        }
        List<Instant> window = prune(recentPosts, now);
        if (window.isEmpty()) {
            return Decision.allow();
        }
        Duration wait = Duration.ZERO;
        String reason = null;

        Integer minGap = limits.minSecondsBetweenPosts();
        if (minGap != null && minGap > 0) {
            Instant last = window.get(window.size() - 1);
            Instant next = last.plusSeconds(minGap);
            if (next.isAfter(now)) {
                wait = Duration.between(now, next);
                reason = "at least " + minGap + " s between posts";
            }
        }
        Integer perMinute = limits.maxPostsPerMinute();
        if (perMinute != null) {
            Duration w = waitForWindow(window, now, MINUTE, perMinute);
            if (w.compareTo(wait) > 0) {
                wait = w;
                reason = "at most " + perMinute + " posts per minute";
            }
        }
        Integer perHour = limits.maxPostsPerHour();
        if (perHour != null) {
            Duration w = waitForWindow(window, now, HOUR, perHour);
            if (w.compareTo(wait) > 0) {
                wait = w;
                reason = "at most " + perHour + " posts per hour";
            }
        }
        return reason == null ? Decision.allow() : Decision.deny(wait, "rate limit: " + reason);
    }

    /** The posts that can still matter at {@code now} (the last hour, not after {@code now}), oldest first. */
    public static List<Instant> prune(Collection<Instant> posts, Instant now) {
        Instant from = now.minus(HOUR);
        List<Instant> kept = new ArrayList<>(posts.size());
        for (Instant t : posts) {
            if (t != null && t.isAfter(from) && !t.isAfter(now)) {
                kept.add(t);
            }
        }
        kept.sort(null);
        return kept;
    }

    /** How long until fewer than {@code max} of the sorted {@code posts} fall within {@code size} before a moment. */
    private static Duration waitForWindow(List<Instant> posts, Instant now, Duration size, int max) {
        Instant from = now.minus(size);
        int first = 0;
        while (first < posts.size() && !posts.get(first).isAfter(from)) {
            first++;
        }
        int inWindow = posts.size() - first;
        if (inWindow < max) {
            return Duration.ZERO;
        }
        // The post that must leave the window: once it is older than `size`, only max-1 remain.
        Instant leaving = posts.get(posts.size() - max);
        Duration wait = Duration.between(now, leaving.plus(size));
        return wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait;
    }
}
