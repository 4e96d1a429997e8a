package dev.chorus.infrastructure.grid;

import dev.chorus.application.bot.PersonaRateCounter;
import dev.chorus.domain.persona.RateLimits;
import dev.chorus.infrastructure.grid.processors.CountPersonaPost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

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
}
