package dev.chorus.infrastructure.health;

import dev.chorus.domain.MessageBoard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the grid answers with the recent window (which also proves the window could be loaded). */
@Readiness
@ApplicationScoped
public class GridHealthCheck implements HealthCheck {

    @Inject
    MessageBoard board;

    @Override
    public HealthCheckResponse call() {
        try {
            var counts = board.counts();
            return HealthCheckResponse.named("grid").up()
                    .withData("windowSize", board.windowSize())
                    .withData("totalMessages", counts.total()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("grid").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
