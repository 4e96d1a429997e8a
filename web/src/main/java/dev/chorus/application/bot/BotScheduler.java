package dev.chorus.application.bot;

import dev.chorus.domain.bot.BotQueue;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the bot on every member once the application is up: the dispatch loop (on its own thread), the dispatcher
 * tick (~1 s; the safety net behind the queue's wake-up), LLM health probes (looked at every 5 s; the LLM adapter
 * probes when due: every 5 s while a server is down, else every 15 s), the personas check (every 2 s) and the
 * queue reconciliation (at once, then every 60 s). Payara's schedulers fire on every
 * member; the claims make that safe. With CHORUS_BOT_ENABLED=false nothing is dispatched (tasks still queue up).
 */
@ApplicationScoped
public class BotScheduler {
    private static final Logger LOG = Logger.getLogger(BotScheduler.class.getName());

    @Inject
    BotExecutors executors;

    @Inject
    ReplyDispatcher dispatcher;

    @Inject
    BotQueueReconciler reconciler;

    @Inject
    BotQueue queue;

    @Inject
    PersonaDirectory personas;

    @Inject
    LanguageModel llm;

    @Inject
    BotSettings settings;

    @Inject
    BotMetrics metrics;

    @Inject
    WorkIntake intake; // created eagerly so it observes posts from the start

    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!settings.enabled()) {
            LOG.warning("Bot dispatch is off (CHORUS_BOT_ENABLED=false): persona messages queue up unanswered");
        }
        if (settings.dryRun()) {
            LOG.warning("Bot dry run (CHORUS_BOT_DRY_RUN=true): prompts are logged, no LLM is called, nothing is posted");
        }
        // Create every bean the bot uses now, on the deploying thread (their set-up needs the application's context).
        metrics.touch();
        llm.freeSlots();
        personas.refreshIfChanged();
        queue.onLocalChange(dispatcher::wake);
        executors.startDispatchLoop(dispatcher::loop);
        var scheduler = executors.scheduler();
        scheduled.add(scheduler.scheduleWithFixedDelay(guard("probe", this::probe), 0, 5, TimeUnit.SECONDS));
        scheduled.add(scheduler.scheduleWithFixedDelay(guard("entities", personas::refreshIfChanged), 2, 2,
                TimeUnit.SECONDS));
        scheduled.add(scheduler.scheduleWithFixedDelay(guard("reconcile", reconciler::reconcile), 0,
                settings.reconcileSeconds(), TimeUnit.SECONDS));
        scheduled.add(scheduler.scheduleWithFixedDelay(guard("tick", dispatcher::tick), settings.tickMillis(),
                settings.tickMillis(), TimeUnit.MILLISECONDS));
    }

    private void probe() {
        boolean wasUp = llm.freeSlots() > 0;
        llm.probeIfDue();
        if (!wasUp && llm.freeSlots() > 0) {
            dispatcher.wake(); // a server came up: drain at once
        }
    }

    private static Runnable guard(String name, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Bot " + name + " task failed (runs again on schedule)", e);
            }
        };
    }

    @PreDestroy
    void stop() {
        dispatcher.stop();
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
    }
}
