package dev.chorus.infrastructure.grid.processors;

import java.util.Arrays;

/**
 * Counts one post against a client's sliding 60-second window, cluster-wide (the key is the client address).
 * Returns 0 when the post is allowed (and recorded), else the milliseconds until the oldest counted post ages
 * out. Not idempotent by nature (a rerun counts twice); the cost of that rare rerun is one post less allowed,
 * which errs on the safe side.
 */
public final class CountPost extends ComputingProcessor<String, long[], Long> {
    private static final long serialVersionUID = 1L;
    private final int limit;
    private final long periodMillis;
    private final long now;

    public CountPost(int limit, long periodMillis, long now) {
        this.limit = limit;
        this.periodMillis = periodMillis;
        this.now = now;
    }

    @Override
    protected Change<long[], Long> compute(long[] current) {
        long[] recent = current == null ? new long[0]
                : Arrays.stream(current).filter(time -> time > now - periodMillis).toArray();
        if (recent.length >= limit) {
            long retryAfter = recent[recent.length - limit] + periodMillis - now;
            return new Change<>(recent, Math.max(1, retryAfter));
        }
        long[] next = Arrays.copyOf(recent, recent.length + 1);
        next[recent.length] = now;
        return new Change<>(next, 0L);
    }
}
