package dev.chorus.application.bot;

import dev.chorus.domain.persona.RateLimits;
import java.time.Duration;

/** Counts persona replies against their rateLimits, cluster-wide (the grid adapter implements it). */
public interface PersonaRateCounter {

    /** Records one reply of {@code entityId} now if allowed (ZERO), else says how long to wait (nothing recorded). */
    Duration tryCount(String entityId, RateLimits limits);

    /** How long a reply of {@code entityId} would wait now (ZERO: it may reply); counts nothing (the console). */
    Duration currentWait(String entityId, RateLimits limits);
}
