package dev.chorus.infrastructure.grid;

import dev.chorus.application.bot.PersonaRateCounter;
import dev.chorus.domain.persona.RateLimits;
import dev.chorus.infrastructure.grid.processors.CountPersonaPost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.chorus.domain.persona.PersonaRateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Persona rate limits on the grid: one entry per entity with its reply times of the last hour, changed only by
 * {@link CountPersonaPost} on the key's owner, so members never double-book a slot.
 */
@ApplicationScoped
public class HazelcastPersonaRateCounter implements PersonaRateCounter {

    @Inject
    GridMaps maps;

    @Override
    public Duration tryCount(String entityId, RateLimits limits) {
        if (limits == null || limits.isUnlimited()) {
            return Duration.ZERO;
        }
        Long wait = maps.botRate().executeOnKey(entityId, new CountPersonaPost(limits, System.currentTimeMillis()));
        return wait == null || wait <= 0 ? Duration.ZERO : Duration.ofMillis(wait);
    }

    /** A read of the entry (a copy from its owner), checked by the same rule; changes nothing. */
    @Override
    public Duration currentWait(String entityId, RateLimits limits) {
        if (limits == null || limits.isUnlimited()) {
            return Duration.ZERO;
        }
        long[] times = maps.botRate().get(entityId);
        if (times == null) {
            return Duration.ZERO;
        }
        Instant now = Instant.now();
        PersonaRateLimit.Decision decision = PersonaRateLimit.check(limits,
                Arrays.stream(times).mapToObj(Instant::ofEpochMilli).toList(), now);
        return decision.allowed() ? Duration.ZERO : decision.retryAfter();
    }
}
