package dev.chorus.application.bot;

import java.util.List;
import java.util.Set;

/**
 * This member's LLM servers as the operator console shows them (the port; the pool's adapter implements it): state,
 * models, slots, breaker, call latency, last error; and the call latencies of the last hour for the chart.
 */
public interface LlmServers {

    /**
     * One server. Latencies in milliseconds over this member's recent successful calls (-1: none yet).
     */
    record Server(String url, boolean up, Set<String> loadedModels, int busy, int slots, String breaker,
                  long p50Millis, long p99Millis, String lastError) {
    }

    /** One successful call: when it ended (epoch millis) and how long it took. */
    record Call(long at, long millis) {
    }

    List<Server> servers();

    /** This member's successful calls of the last hour, oldest first (at most a few thousand). */
    List<Call> lastHour();
}
