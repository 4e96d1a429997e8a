package dev.chorus.application.bot;

import dev.chorus.application.ClusterMembers;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.bot.BotOutcome;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.bot.ReplyDecision;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands this member's due tasks to {@link ReplyWorker}s, claiming only as many as there are free LLM slots, most
 * urgent first (priority, then oldest). Runs on the scheduler's tick and at once when the queue tells of new
 * work here ({@link #wake()}); one pass at a time per member (a wake during a pass causes one more pass).
 *
 * <p>Exclusivity comes from the data, not from this class: the claim is an entry processor on the task's owner,
 * so a second member (or a second pass) simply loses. Priority is per member: each member orders the tasks of the
 * partitions it owns (trade-off: no cluster-wide global order, but no central coordinator either).
 */
@ApplicationScoped
public class ReplyDispatcher {
    private static final Logger LOG = Logger.getLogger(ReplyDispatcher.class.getName());
    /** Claims per pass in dry-run mode, where no LLM slot limits the work. */
    private static final int DRY_RUN_BATCH = 8;

    @Inject
    BotQueue queue;

    @Inject
    MessageBoard board;

    @Inject
    ReplyWorker worker;

    @Inject
    LanguageModel llm;

    @Inject
    BotSettings settings;

    @Inject
    BotMetrics metrics;

    @Inject
    BotExecutors executors;

    @Inject
    ClusterMembers members;

    @Inject
    WorkIntake intake;

    @Inject
    BotBookkeeping bookkeeping;

    @Inject
    OperatorSwitches switches;

    /** Epoch millis; tests set their own. */
    LongSupplier clock = System::currentTimeMillis;

    private final AtomicBoolean passRunning = new AtomicBoolean();
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean stopped;
    /** Tasks claimed here that have not yet taken their LLM slot (so freeSlots() does not show them yet). */
    private final AtomicInteger starting = new AtomicInteger();
    private String memberId;

    @PostConstruct
    void init() {
        memberId = members.localMemberId();
    }

    /**
     * Asks for a pass soon, from any thread (grid event threads included): never blocks, never runs work on the
     * caller's thread. Grid threads carry no application context, so work must not be submitted from them; the
     * dispatch loop (started from a container thread, so its submissions carry the context) does it.
     */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /**
     * The member's dispatch loop: a pass whenever woken, at the latest every tick. Runs on a thread of its own
     * ({@link BotExecutors#startDispatchLoop}) until {@link #stop()}.
     */
    public void loop() {
        LOG.info("Bot dispatch loop running");
        while (!stopped) {
            try {
                signal.tryAcquire(settings.tickMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
                if (!stopped) {
                    dispatch();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Bot dispatch loop pass failed", e);
            }
        }
    }

    public void stop() {
        stopped = true;
        wake();
    }

    /** The scheduler's tick: housekeeping of this member's tasks, then a pass. */
    public void tick() {
        if (!settings.enabled()) {
            return;
        }
        try {
            long now = clock.getAsLong();
            releaseStaleLeases(now);
            failTooOld(now);
            repairLeftoverComplete(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Bot housekeeping failed (retried next tick)", e);
        }
        wake();
    }

    /**
     * Claims and starts as much due work as there are free slots; one pass at a time. Nothing while an operator has
     * paused dispatch (cluster-wide, {@link OperatorSwitches}): tasks wait pending, and the tick's housekeeping goes
     * on (a task that grows too old while paused still fails visibly).
     */
    public void dispatch() {
        if (!settings.enabled() || switches.paused()) {
            return;
        }
        passRequested.set(true);
        while (passRequested.get() && passRunning.compareAndSet(false, true)) {
            try {
                passRequested.set(false);
                pass();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Bot dispatch pass failed (retried next tick)", e);
            } finally {
                passRunning.set(false);
            }
        }
    }

    private void pass() {
        int free = (settings.dryRun() ? DRY_RUN_BATCH : llm.freeSlots()) - starting.get();
        if (free <= 0) {
            return;
        }
        long now = clock.getAsLong();
        List<BotTask> due = queue.localDue(now, free);
        for (BotTask candidate : due) {
            String claimer = memberId + "/" + UUID.randomUUID();
            Optional<BotTask> claimed = queue.claim(candidate.getMessageId(), now, worker.leaseMillis(), claimer);
            if (claimed.isEmpty()) {
                continue;
            }
            starting.incrementAndGet();
            BotTask task = claimed.get();
            try {
                executors.replies().execute(() -> {
                    try {
                        worker.answer(task, starting::decrementAndGet);
                    } finally {
                        wake(); // a slot is free again
                    }
                });
                metrics.claimed();
            } catch (RuntimeException e) {
                // Never leave a claimed task to its (long) lease: hand it back at once.
                starting.decrementAndGet();
                LOG.log(Level.WARNING, "Could not start bot task " + task.getMessageId(), e);
                bookkeeping.record(task, new BotOutcome.Deferred(Duration.ofSeconds(1), "dispatcher busy"));
            }
        }
    }

    private void releaseStaleLeases(long now) {
        Set<String> live = members.liveMemberIds();
        for (BotTask stale : queue.localStaleLeases(now, live)) {
            queue.releaseLease(stale.getMessageId(), now, live).ifPresent(released ->
                    LOG.info(() -> "Bot task " + released.getMessageId() + " back to pending: its lease ended"));
        }
    }

    /**
     * A task completed more than 10 s ago but still queued: its worker died between completing the task and
     * recording the message. If the message is complete, drop the task; if not, take the message in again (the
     * next attempt finds or re-posts the same derived reply id, so there is still exactly one reply).
     */
    private void repairLeftoverComplete(long now) {
        for (BotTask leftover : queue.localLeftoverComplete(now - 10_000)) {
            queue.remove(leftover.getMessageId());
            board.find(new MessageId(leftover.getMessageId())).ifPresent(message -> {
                if (intake.accept(message)) {
                    LOG.info(() -> "Bot task " + leftover.getMessageId() + " completed but its message was not: retaken");
                }
            });
        }
    }

    /** Pending tasks too old to answer fail here, without waiting to be claimed (the worker checks it too). */
    private void failTooOld(long now) {
        long cutoff = now - settings.maxAge().toMillis();
        for (BotTask old : queue.localPendingCreatedBefore(cutoff)) {
            bookkeeping.record(old, new BotOutcome.GaveUp(ReplyDecision.tooOld(settings.maxAge())));
        }
    }
}
