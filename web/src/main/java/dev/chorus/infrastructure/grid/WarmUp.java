package dev.chorus.infrastructure.grid;

import dev.chorus.domain.MessageBoard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Loads the recent window while the application deploys, before the first request: a cold start then never
 * serves a poll from a half-built cache.
 */
@ApplicationScoped
public class WarmUp {
    private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());

    @Inject
    MessageBoard board;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.info(() -> "Chorus ready: " + board.counts().total() + " messages stored, " + board.windowSize()
                + " in the recent window");
    }
}
