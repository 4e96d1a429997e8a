package dev.chorus.domain.bot;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings a reply decision depends on (the application reads them from its configuration).
 *
 * @param maxAge  a message older than this is failed, not answered late
 * @param dryRun  build the prompt, ask no LLM, post nothing
 */
public record ReplyRules(Duration maxAge, boolean dryRun) {

    public ReplyRules {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
    }
}
