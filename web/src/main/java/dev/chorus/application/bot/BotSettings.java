package dev.chorus.application.bot;

import dev.chorus.application.config.Settings;
import dev.chorus.domain.bot.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The bot's settings ({@code chorus.bot.*}, e.g. CHORUS_BOT_ENABLED). Defaults:
 * META-INF/microprofile-config.properties; read once at deployment (a bad value stops it).
 */
@ApplicationScoped
public class BotSettings {
    /** Attempts when neither CHORUS_BOT_MAX_ATTEMPTS nor the entities file's queueSettings.maxRetries says. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    static final String ENABLED = "chorus.bot.enabled";
    static final String DRY_RUN = "chorus.bot.dry-run";
    static final String MAX_ATTEMPTS = "chorus.bot.max-attempts";
    static final String MAX_AGE_MINUTES = "chorus.bot.max-age-minutes";
    static final String TICK_MILLIS = "chorus.bot.tick-millis";
    static final String RECONCILE_SECONDS = "chorus.bot.reconcile-seconds";
    static final String BACKOFF_BASE_MILLIS = "chorus.bot.backoff-base-millis";
    static final String BACKOFF_CAP_SECONDS = "chorus.bot.backoff-cap-seconds";

    private boolean enabled;
    private boolean dryRun;
    /** Unset by default so the entities file's queueSettings.maxRetries can decide; set, it wins. */
    private Optional<Integer> maxAttempts;
    private Duration maxAge;
    private long tickMillis;
    private long reconcileSeconds;
    private Backoff backoff;

    /** For the CDI proxy only. */
    protected BotSettings() {
    }

    @Inject
    public BotSettings(Settings settings) {
        enabled = settings.flag(ENABLED);
        dryRun = settings.flag(DRY_RUN);
        maxAttempts = settings.optionalIntAtLeast(MAX_ATTEMPTS, 1);
        maxAge = Duration.ofMinutes(settings.intAtLeast(MAX_AGE_MINUTES, 1));
        tickMillis = settings.intAtLeast(TICK_MILLIS, 50);
        reconcileSeconds = settings.intAtLeast(RECONCILE_SECONDS, 1);
        long base = settings.intAtLeast(BACKOFF_BASE_MILLIS, 0);
        long cap = settings.intAtLeast(BACKOFF_CAP_SECONDS, 0) * 1000L;
        backoff = new Backoff(base, Math.max(base, cap));
    }

    /** Creates the bean at deployment, so a bad value fails the deployment rather than the first reply. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // reading happened in the constructor
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** CHORUS_BOT_MAX_ATTEMPTS if set, else the entities file's queueSettings.maxRetries, else 3; at least 1. */
    public int maxAttempts(OptionalInt fileMaxRetries) {
        return maxAttempts.orElseGet(() -> Math.max(1, fileMaxRetries.orElse(DEFAULT_MAX_ATTEMPTS)));
    }

    public Duration maxAge() {
        return maxAge;
    }


    public long tickMillis() {
        return tickMillis;
    }

    public long reconcileSeconds() {
        return reconcileSeconds;
    }

    /** Between attempts: base * 2^(attempt-1), capped (the cap is at least the base). */
    public Backoff backoff() {
        return backoff;
    }
}
