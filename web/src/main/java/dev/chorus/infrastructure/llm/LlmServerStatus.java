package dev.chorus.infrastructure.llm;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * A snapshot of one server in the pool, for health checks, operator views and metrics.
 *
 * @param lmStudio          whether it answered LM Studio's {@code /api/v0/models}
 * @param loadedModels      models in memory (for a non-LM Studio server: the models it lists)
 * @param availableModels   models it lists at all
 * @param lastLatencyMillis duration of its last completion call, or -1
 * @param lastError         the last probe or call failure, or {@code null} after a success
 * @param lastProbeAt       when it was last probed, or {@code null}
 */
public record LlmServerStatus(URI baseUrl, ServerHealth health, boolean lmStudio, Set<String> loadedModels,
                              Set<String> availableModels, int inFlight, int slots,
                              CircuitBreaker.State breakerState, int consecutiveFailures, long successes,
                              long failures, long lastLatencyMillis, String lastError, Instant lastProbeAt) {
}
