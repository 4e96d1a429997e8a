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
