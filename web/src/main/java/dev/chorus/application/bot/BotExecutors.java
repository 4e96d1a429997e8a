package dev.chorus.application.bot;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The container's threads the bot runs on.
 * <ul>
 *   <li>Replies run on an application-defined managed executor with room for many blocking LLM calls at once
 *       ({@value #WORK_EXECUTOR}, up to 64). There is no fallback: the default managed executor has one worker
 *       here (core size 0), so replies would silently be answered one at a time, each waiting up to the LLM read
 *       timeout. A container without the definition fails the application's start-up instead (the launcher then
 *       exits with 2).</li>
 *   <li>The dispatch loop, which blocks for as long as the application runs, has a managed thread of its own
 *       (as the live-push pump has): on a pool it would hold a worker for good, and on a one-worker pool no reply
 *       would ever run.</li>
 *   <li>Ticks (short) run on the default managed scheduled executor.</li>
 * </ul>
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = BotExecutors.WORK_EXECUTOR, maxAsync = 64)
public class BotExecutors {
    static final String WORK_EXECUTOR = "java:app/concurrent/ChorusBotWork";

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedThreadFactory threads;

    private ManagedExecutorService replies;

    /** Looked up on the deploying thread: JNDI is not available on grid threads that may submit replies. */
    @PostConstruct
    void init() {
        try {
            replies = (ManagedExecutorService) new InitialContext().lookup(WORK_EXECUTOR);
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("The bot's executor " + WORK_EXECUTOR + " is not available (" + e
                    + "); not starting rather than answering one message at a time on the default executor", e);
        }
    }

    /** Where replies run (many at once, each blocking on its LLM call). */
    public Executor replies() {
        return replies;
    }

    public ManagedScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Starts {@code loop} on a managed thread of its own (it carries the application's context). */
    public Thread startDispatchLoop(Runnable loop) {
        Thread thread = threads.newThread(loop);
        thread.setName("chorus-bot-dispatch");
        thread.start();
        return thread;
    }
}
