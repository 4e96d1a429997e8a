package dev.chorus.infrastructure.llm;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * LLM metrics at /metrics: {@code chorus.llm.latency} (timer) and {@code chorus.llm.failures} (counter), both
 * tagged with the server's base URL, so a slow or failing server stands out.
 */
@ApplicationScoped
public class LlmMetricsListener implements LlmPoolListener {
    private static final long HOUR_MILLIS = 3_600_000;
    private static final int MAX_REMEMBERED = 5_000;

    @Inject
    MetricRegistry registry;

    @PostConstruct
    void init() {
        // metrics are created per server on first use
    }

    /** The last hour's successful calls of this member, oldest first, bounded (the console's chart and p50/p99). */
    private final Deque<Call> recent = new ArrayDeque<>();

    record Call(URI server, long at, long millis) {
    }

    @Override
    public void onCompletion(URI server, String model, Duration latency, LlmFailure failure) {
        Tag tag = new Tag("server", server == null ? "none" : server.toString());
        if (failure == null) {
            registry.timer("chorus.llm.latency", tag).update(latency);
            remember(new Call(server, System.currentTimeMillis(), latency.toMillis()));
        } else {
            registry.counter("chorus.llm.failures", tag, new Tag("kind", failure.kind().name().toLowerCase())).inc();
        }
    }

    private synchronized void remember(Call call) {
        recent.addLast(call);
        while (recent.size() > MAX_REMEMBERED || recent.getFirst().at() < call.at() - HOUR_MILLIS) {
            recent.removeFirst();
        }
    }

    /** The successful calls of the last hour, oldest first. */
    synchronized List<Call> lastHour() {
        long since = System.currentTimeMillis() - HOUR_MILLIS;
        return recent.stream().filter(c -> c.at() >= since).toList();
    }
}
