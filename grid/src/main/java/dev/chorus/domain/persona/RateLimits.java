package dev.chorus.domain.persona;

import java.io.Serializable;

/**
 * How often a persona may post. Each limit is optional ({@code null} = no limit of that kind).
 *
 * @param minSecondsBetweenPosts at least this many seconds between two posts (0 or more)
 * @param maxPostsPerMinute      at most this many posts in any 60 s (1 or more)
 * @param maxPostsPerHour        at most this many posts in any 3600 s (1 or more)
 */
public record RateLimits(Integer minSecondsBetweenPosts, Integer maxPostsPerMinute, Integer maxPostsPerHour)
        implements Serializable {

    /** No limit at all. */
    public static final RateLimits UNLIMITED = new RateLimits(null, null, null);

    public RateLimits {
        if (minSecondsBetweenPosts != null && minSecondsBetweenPosts < 0) {
            throw new InvalidPersonaException("rateLimits.minSecondsBetweenPosts",
                    "rateLimits.minSecondsBetweenPosts must not be negative");
        }
        if (maxPostsPerMinute != null && maxPostsPerMinute < 1) {
            throw new InvalidPersonaException("rateLimits.maxPostsPerMinute",
                    "rateLimits.maxPostsPerMinute must be at least 1 (disable the entity to silence it)");
        }
        if (maxPostsPerHour != null && maxPostsPerHour < 1) {
            throw new InvalidPersonaException("rateLimits.maxPostsPerHour",
                    "rateLimits.maxPostsPerHour must be at least 1 (disable the entity to silence it)");
        }
    }

    public boolean isUnlimited() {
        return (minSecondsBetweenPosts == null || minSecondsBetweenPosts == 0)
                && maxPostsPerMinute == null && maxPostsPerHour == null;
    }
}
