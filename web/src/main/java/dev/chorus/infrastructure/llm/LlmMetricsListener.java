package dev.chorus.infrastructure.llm;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * LLM metrics at /metrics: {@code chorus.llm.latency} (timer) and {@code chorus.llm.failures} (counter), both
 * tagged with the server's base URL, so a slow or failing server stands out.
 */
@ApplicationScoped
public class LlmMetricsListener implements LlmPoolListener {

    @Inject
    MetricRegistry registry;

    @PostConstruct
    void init() {
        // metrics are created per server on first use
    }

    @Override
    public void onCompletion(URI server, String model, Duration latency, LlmFailure failure) {
        Tag tag = new Tag("server", server == null ? "none" : server.toString());
        if (failure == null) {
            registry.timer("chorus.llm.latency", tag).update(latency);
        } else {
            registry.counter("chorus.llm.failures", tag, new Tag("kind", failure.kind().name().toLowerCase())).inc();
        }
    }
}
