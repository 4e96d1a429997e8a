package dev.chorus.domain.bot;

import java.io.Serial;
import java.io.Serializable;

/**
 * Exponential backoff between attempts: {@code base * 2^(attempts-1)}, capped. Serializable because entry
 * processors carry it to the task's owner.
 */
public record Backoff(long baseMillis, long capMillis) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** 1 s, 2 s, 4 s, ... at most 60 s. */
    public static final Backoff DEFAULT = new Backoff(1000, 60_000);

    public Backoff {
        if (baseMillis < 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= cap");
        }
    }

    /** The wait after the {@code attempts}-th failed attempt (1-based). */
    public long delayMillis(int attempts) {
        int shift = Math.max(0, Math.min(30, attempts - 1));
        return Math.min(capMillis, baseMillis << shift);
    }
}
