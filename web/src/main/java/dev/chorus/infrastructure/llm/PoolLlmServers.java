package dev.chorus.infrastructure.llm;

import dev.chorus.application.bot.LlmServers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LlmServers} from this member's pool (state, models, slots, breaker, last error) and the metrics listener's
 * last hour of calls (latency percentiles per server, the chart's points). Per member, as the pool is.
 */
@ApplicationScoped
public class PoolLlmServers implements LlmServers {

    @Inject
    LlmPoolProvider llm;

    @Inject
    LlmMetricsListener metrics;

    @Override
    public List<Server> servers() {
        List<LlmMetricsListener.Call> calls = metrics.lastHour();
        List<Server> servers = new ArrayList<>();
        for (LlmServerStatus s : llm.pool().status()) {
            List<Long> millis = calls.stream().filter(c -> s.baseUrl().equals(c.server()))
                    .map(LlmMetricsListener.Call::millis).sorted().toList();
            servers.add(new Server(s.baseUrl().toString(), s.health() == ServerHealth.UP, s.loadedModels(),
                    s.inFlight(), s.slots(), String.valueOf(s.breakerState()), percentile(millis, 50),
                    percentile(millis, 99), s.lastError()));
        }
        return servers;
    }

    @Override
    public List<Call> lastHour() {
        return metrics.lastHour().stream().map(c -> new Call(c.at(), c.millis())).toList();
    }

    /** The nearest-rank percentile of sorted values; -1 when there are none. */
    static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
