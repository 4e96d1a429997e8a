package dev.chorus.infrastructure.llm;

import java.net.URI;
import java.time.Duration;

/** Hooks for metrics (latency per server, failures, probes). Called on the calling thread; keep them cheap. */
public interface LlmPoolListener {

    LlmPoolListener NONE = new LlmPoolListener() {
    };

    /** A completion call ended; {@code failure} is {@code null} on success. */
    default void onCompletion(URI server, String model, Duration latency, LlmFailure failure) {
    }

    /** A probe ended with the server's new health. */
    default void onProbe(URI server, ServerHealth health, Duration latency) {
    }
}
