package dev.chorus.application.bot;

import dev.chorus.domain.bot.BotQueue;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The bot's metrics at /metrics: {@code chorus.bot.queue.depth} (tasks in the cluster-wide queue),
 * {@code chorus.bot.claims}, {@code chorus.bot.replies}, {@code chorus.bot.skips}, {@code chorus.bot.attempts.failed}
 * (attempts that will be retried), {@code chorus.bot.failures} (messages given up), {@code chorus.bot.deferrals}.
 * LLM latency per server is {@code chorus.llm.latency} (LlmMetricsListener).
 */
@ApplicationScoped
public class BotMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    BotQueue queue;

    private Counter claims;
    private Counter replies;
    private Counter skips;
    private Counter failedAttempts;
    private Counter failures;
    private Counter deferrals;

    @PostConstruct
    void register() {
        claims = registry.counter("chorus.bot.claims");
        replies = registry.counter("chorus.bot.replies");
        skips = registry.counter("chorus.bot.skips");
        failedAttempts = registry.counter("chorus.bot.attempts.failed");
        failures = registry.counter("chorus.bot.failures");
        deferrals = registry.counter("chorus.bot.deferrals");
        registry.gauge("chorus.bot.queue.depth", queue, BotQueue::size);
    }

    /** Forces creation (registration happens in the application's context). */
    void touch() {
        claims.getCount();
    }

    void claimed() {
        claims.inc();
    }

    void replied() {
        replies.inc();
    }

    void skipped() {
        skips.inc();
    }

    void attemptFailed() {
        failedAttempts.inc();
    }

    void failed() {
        failures.inc();
    }

    void deferred() {
        deferrals.inc();
    }
}
