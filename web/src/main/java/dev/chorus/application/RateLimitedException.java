package dev.chorus.application;

import java.time.Duration;

/** Too many posts from one client address (429); says when to try again. */
public class RateLimitedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public RateLimitedException(Duration retryAfter) {
        super("Too many posts: at most the configured number per minute per client. Try again in "
                + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s.");
        this.retryAfter = retryAfter;
    }

    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
