package dev.chorus.interfaces.web;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one thread that runs request-body deadlines ({@link BodyReader}). Its own, not the default managed
 * scheduled executor: the bot's ticks run there, and a tick slowed by a struggling grid must not delay 408s (nor
 * the other way round). A deadline costs no thread while it waits, and its work is a few hundred bytes written.
 * Deadlines of bodies that arrived in time are removed when cancelled: at 2,000 posts a second with a 10 s
 * deadline, cancelled tasks would otherwise keep ~20,000 entries in the queue.
 */
@ApplicationScoped
public class BodyDeadlineTimer {
    @Resource
    ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor timer;

    @PostConstruct
    void start() {
        timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.setRemoveOnCancelPolicy(true);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    ScheduledExecutorService timer() {
        return timer;
    }
}
