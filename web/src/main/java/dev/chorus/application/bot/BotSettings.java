package dev.chorus.application.bot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The bot's settings (MicroProfile Config; every key maps to an environment variable, e.g. CHORUS_BOT_ENABLED). */
@ApplicationScoped
public class BotSettings {
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    @Inject
    @ConfigProperty(name = "chorus.bot.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "chorus.bot.dry-run", defaultValue = "false")
    boolean dryRun;

    /** Unset by default so the entities file's queueSettings.maxRetries can decide; set, it wins. */
    @Inject
    @ConfigProperty(name = "chorus.bot.max-attempts")
    Optional<Integer> maxAttempts;

    @Inject
    @ConfigProperty(name = "chorus.bot.max-age-minutes", defaultValue = "120")
    int maxAgeMinutes;

    @Inject
    @ConfigProperty(name = "chorus.bot.tick-millis", defaultValue = "1000")
    long tickMillis;

    @Inject
    @ConfigProperty(name = "chorus.bot.reconcile-seconds", defaultValue = "60")
    long reconcileSeconds;

    @Inject
    @ConfigProperty(name = "chorus.bot.backoff-base-millis", defaultValue = "1000")
    long backoffBaseMillis;

    @Inject
    @ConfigProperty(name = "chorus.bot.backoff-cap-seconds", defaultValue = "60")
    long backoffCapSeconds;

    public boolean enabled() {
        return enabled;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** CHORUS_BOT_MAX_ATTEMPTS if set, else the entities file's queueSettings.maxRetries, else 3; at least 1. */
    public int maxAttempts(OptionalInt fileMaxRetries) {
        int value = maxAttempts.orElseGet(() -> fileMaxRetries.orElse(DEFAULT_MAX_ATTEMPTS));
        return Math.max(1, value);
    }

    public Duration maxAge() {
        return Duration.ofMinutes(maxAgeMinutes);
    }

    public long tickMillis() {
        return Math.max(50, tickMillis);
    }

    public long reconcileSeconds() {
        return Math.max(1, reconcileSeconds);
    }

    public dev.chorus.domain.bot.Backoff backoff() {
        long cap = Math.max(backoffBaseMillis, backoffCapSeconds * 1000);
        return new dev.chorus.domain.bot.Backoff(Math.max(0, backoffBaseMillis), cap);
    }
}
