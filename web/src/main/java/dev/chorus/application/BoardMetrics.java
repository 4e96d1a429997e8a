package dev.chorus.application;

import dev.chorus.domain.MessageBoard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/** MicroProfile Metrics of the board, served at /metrics: posts, polls, empty polls, window size, store latency. */
@ApplicationScoped
public class BoardMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    MessageBoard board;

    private Counter posts;
    private Counter polls;
    private Counter emptyPolls;
    private Counter rateLimited;
    private Timer storeLatency;

    @PostConstruct
    void register() {
        posts = registry.counter("chorus.posts");
        polls = registry.counter("chorus.polls");
        emptyPolls = registry.counter("chorus.polls.empty");
        rateLimited = registry.counter("chorus.posts.rate.limited");
        storeLatency = registry.timer("chorus.store.latency");
        registry.gauge("chorus.window.size", board, MessageBoard::windowSize);
    }

    void posted() {
        posts.inc();
    }

    void rateLimited() {
        rateLimited.inc();
    }

    void polled(boolean empty) {
        polls.inc();
        if (empty) {
            emptyPolls.inc();
        }
    }

    <T> T timeStore(Supplier<T> work) {
        try (Timer.Context ignored = storeLatency.time()) {
            return work.get();
        }
    }
}
