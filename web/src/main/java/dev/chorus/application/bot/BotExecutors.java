package dev.chorus.application.bot;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The container's executors the bot runs on. Replies run on an application-defined managed executor with room
 * for many blocking LLM calls at once (the default executor's pool may be small); should the definition not be
 * available, the default managed executor is used. Ticks run on the default managed scheduled executor.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = BotExecutors.WORK_EXECUTOR, maxAsync = 64)
public class BotExecutors {
    static final String WORK_EXECUTOR = "java:app/concurrent/ChorusBotWork";
    private static final Logger LOG = Logger.getLogger(BotExecutors.class.getName());

    @Resource
    ManagedExecutorService defaultExecutor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ManagedExecutorService work;

    /** Looked up on the deploying thread: JNDI is not available on grid threads that may call {@link #work()}. */
    @jakarta.annotation.PostConstruct
    void init() {
        work();
    }

    public ManagedExecutorService work() {
        ManagedExecutorService found = work;
        if (found == null) {
            try {
                found = (ManagedExecutorService) new InitialContext().lookup(WORK_EXECUTOR);
            } catch (NamingException | ClassCastException e) {
                LOG.warning(() -> "Bot executor " + WORK_EXECUTOR + " not available, using the default: " + e);
                found = defaultExecutor;
            }
            work = found;
        }
        return found;
    }

    public ManagedScheduledExecutorService scheduler() {
        return scheduler;
    }
}
