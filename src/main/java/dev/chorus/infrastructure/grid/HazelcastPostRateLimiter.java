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

    @Override
    public Duration tryAcquire(String clientAddress) {
        int limit = settings.postsPerMinute();
        if (limit <= 0) {
            return Duration.ZERO;
        }
        long waitMillis = maps.rate().executeOnKey(clientAddress,
                new CountPost(limit, PERIOD.toMillis(), System.currentTimeMillis()));
        return Duration.ofMillis(waitMillis);
    }
}
