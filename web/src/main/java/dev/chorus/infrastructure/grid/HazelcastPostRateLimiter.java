package dev.chorus.infrastructure.grid;

import dev.chorus.application.PostRateLimiter;
import dev.chorus.infrastructure.config.BoardSettings;
import dev.chorus.infrastructure.grid.processors.CountPost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** The post rate limit, counted cluster-wide by an entry processor keyed by client address. */
@ApplicationScoped
public class HazelcastPostRateLimiter implements PostRateLimiter {
    private static final Duration PERIOD = Duration.ofSeconds(60);

    @Inject
    GridMaps maps;

    @Inject
    BoardSettings settings;

    private static final Duration COUNT_WAIT = Duration.ofSeconds(3);

    @Override
    public Duration tryAcquire(String clientAddress) {
        int limit = settings.postsPerMinute();
        if (limit <= 0) {
            return Duration.ZERO;
        }
        // Bounded: the counter's owner may be a paused or cut-off member, and a POST must answer in time.
        long waitMillis = Deadline.within(COUNT_WAIT, maps.rate().submitToKey(clientAddress,
                new CountPost(limit, PERIOD.toMillis(), System.currentTimeMillis())));
        return Duration.ofMillis(waitMillis);
    }
}
