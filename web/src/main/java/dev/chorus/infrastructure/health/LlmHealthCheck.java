package dev.chorus.infrastructure.health;

import dev.chorus.infrastructure.llm.LlmPoolProvider;
import dev.chorus.infrastructure.llm.LlmServerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the LLM servers in {@code /health/ready} under the name {@code llm}: {@code data.state} is {@code UP}
 * when some server answered its last probe, else {@code DOWN}, with one entry per server (health, breaker, slots
 * in use, last error).
 *
 * <p>The check's own status is always UP, on purpose: readiness decides whether a load balancer sends traffic
 * to this member, and the board must keep serving posts and polls when no LLM is up (persona work just waits in
 * the queue and drains when a server returns). Reporting DOWN would take every member out of service over an
 * optional dependency. So the LLM's state is data, not status; the browser page reads {@code data.state}.
 */
@Readiness
@ApplicationScoped
public class LlmHealthCheck implements HealthCheck {

    @Inject
    LlmPoolProvider llm;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("llm").up();
        try {
            var pool = llm.pool();
            response.withData("state", pool.anyServerUp() ? "UP" : "DOWN")
                    .withData("freeSlots", pool.freeSlots());
            int i = 0;
            for (LlmServerStatus s : pool.status()) {
                response.withData("server" + i++, s.baseUrl() + " " + s.health() + ", breaker " + s.breakerState()
                        + ", " + s.inFlight() + "/" + s.slots() + " busy"
                        + (s.lastError() == null ? "" : ", last error: " + s.lastError()));
            }
            response.withData("servers", pool.status().size());
        } catch (RuntimeException e) {
            response.withData("state", "DOWN").withData("error", String.valueOf(e.getMessage()));
        }
        return response.build();
    }
}
