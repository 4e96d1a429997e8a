package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.persona.PersonaRateLimit;
import dev.chorus.domain.persona.RateLimits;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Counts one reply of a persona against its {@code rateLimits}, cluster-wide (the key is the entity id; the value
 * the persona's post times of the last hour). Returns 0 when allowed (and recorded), else the milliseconds to wait.
 * Not idempotent by nature (a rare rerun counts twice, erring on the slow side), like {@link CountPost}.
 */
public final class CountPersonaPost extends ComputingProcessor<String, long[], Long> {
    private static final long serialVersionUID = 1L;
    private final RateLimits limits;
    private final long now;

    public CountPersonaPost(RateLimits limits, long now) {
        this.limits = limits;
        this.now = now;
    }

    @Override
    protected Change<long[], Long> compute(long[] current) {
        Instant at = Instant.ofEpochMilli(now);
        List<Instant> recent = PersonaRateLimit.prune(current == null ? List.of()
                : Arrays.stream(current).mapToObj(Instant::ofEpochMilli).toList(), at);
        PersonaRateLimit.Decision decision = PersonaRateLimit.check(limits, recent, at);
        long[] kept = recent.stream().mapToLong(Instant::toEpochMilli).toArray();
        if (!decision.allowed()) {
            return new Change<>(kept, Math.max(1, decision.retryAfter().toMillis()));
        }
        long[] next = Arrays.copyOf(kept, kept.length + 1);
        next[kept.length] = now;
        return new Change<>(next, 0L);
    }
}
