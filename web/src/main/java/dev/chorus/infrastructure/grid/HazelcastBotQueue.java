package dev.chorus.infrastructure.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.Backoff;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.infrastructure.grid.processors.ClaimTask;
import dev.chorus.infrastructure.grid.processors.CompleteTask;
import dev.chorus.infrastructure.grid.processors.DeferTask;
import dev.chorus.infrastructure.grid.processors.FailTask;
import dev.chorus.infrastructure.grid.processors.EnqueueTask;
import dev.chorus.infrastructure.grid.processors.ReleaseLease;
import dev.chorus.infrastructure.grid.processors.RequeueTask;
import dev.chorus.infrastructure.grid.processors.SetTaskPriority;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The bot queue on the grid: IMap {@value GridMaps#BOT_QUEUE}, message id -> {@link BotTask}. Every transition is
 * an entry processor on the key's owner, so two members never both win a claim. The dispatcher asks only for the
 * entries this member owns ({@code localKeySet} with the status index): work spreads across members with the
 * partitions and moves with them when a member leaves.
 */
@ApplicationScoped
public class HazelcastBotQueue implements BotQueue {
    private static final long ENQUEUE_WAIT_MILLIS = 1000;
    private static final Comparator<BotTask> URGENCY = Comparator.comparingInt(BotTask::getPriority)
            .thenComparingLong(BotTask::getCreatedAt).thenComparing(BotTask::getMessageId);

    @Inject
    GridMaps maps;

    private IMap<String, BotTask> queue;
    private final List<UUID> listeners = new ArrayList<>();

    @PostConstruct
    void init() {
        queue = maps.botQueue();
    }

    @Override
    public boolean enqueue(BotTask task) {
        // Bounded, as it runs before a post's 2xx: if the task's owner does not answer in time (paused, cut off),
        // the reconciler enqueues it from the message row later; an enqueue landing late changes nothing.
        return GridCalls.guarded("bot queue", () -> {
            try {
                return queue.submitToKey(task.getMessageId(), new EnqueueTask(task)).toCompletableFuture()
                        .get(ENQUEUE_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("bot queue did not answer within " + ENQUEUE_WAIT_MILLIS + " ms", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public Optional<BotTask> find(String messageId) {
        return GridCalls.guarded("bot queue", () -> Optional.ofNullable(queue.get(messageId)));
    }

    @Override
    public List<BotTask> localDue(long now, int max) {
        if (max <= 0) {
            return List.of();
        }
        Predicate<String, BotTask> due = Predicates.and(Predicates.equal("statusName", BotStatus.PENDING.wireName()),
                Predicates.lessEqual("nextAttemptAt", now));
        return local(due).stream().sorted(URGENCY).limit(max).toList();
    }

    @Override
    public List<BotTask> localPendingCreatedBefore(long createdBefore) {
        return local(Predicates.and(Predicates.equal("statusName", BotStatus.PENDING.wireName()),
                Predicates.lessThan("createdAt", createdBefore)));
    }

    @Override
    public List<BotTask> localStaleLeases(long now, Set<String> liveMembers) {
        return local(Predicates.equal("statusName", BotStatus.PROCESSING.wireName())).stream()
                .filter(t -> t.leaseExpired(now) || ReleaseLease.orphaned(t, liveMembers)).toList();
    }

    @Override
    public List<BotTask> localLeftoverComplete(long completedBefore) {
        return local(Predicates.and(Predicates.equal("statusName", BotStatus.COMPLETE.wireName()),
                Predicates.lessThan("nextAttemptAt", completedBefore)));
    }

    private List<BotTask> local(Predicate<String, BotTask> predicate) {
        return GridCalls.guarded("bot queue", () -> {
            Set<String> keys = queue.localKeySet(predicate);
            if (keys.isEmpty()) {
                return List.of();
            }
            Map<String, BotTask> found = queue.getAll(keys);
            return new ArrayList<>(found.values());
        });
    }

    @Override
    public Optional<BotTask> claim(String messageId, long now, long leaseMillis, String claimer) {
        return GridCalls.guarded("bot queue", () -> Optional.ofNullable(queue.executeOnKey(messageId,
                new ClaimTask(now, leaseMillis, claimer))));
    }

    @Override
    public boolean complete(String messageId, long token) {
        return GridCalls.guarded("bot queue", () -> {
            boolean accepted = Boolean.TRUE.equals(queue.executeOnKey(messageId,
                    new CompleteTask(token, System.currentTimeMillis())));
            if (accepted) {
                // Only a completed task is removed: a concurrent re-enqueue (reconciliation) would find it gone and,
                // if it re-adds it, the dispatcher drops it on seeing the message processed.
                BotTask current = queue.get(messageId);
                if (current != null && current.getStatus() == BotStatus.COMPLETE) {
                    queue.remove(messageId, current);
                }
            }
            return accepted;
        });
    }

    @Override
    public Optional<BotTask> retry(String messageId, long token, long now, String error, int maxAttempts,
                                   Backoff backoff) {
        return GridCalls.guarded("bot queue", () -> Optional.ofNullable(queue.executeOnKey(messageId,
                new dev.chorus.infrastructure.grid.processors.RetryTask(token, now, error, maxAttempts, backoff))));
    }

    @Override
    public Optional<BotTask> defer(String messageId, long token, long until, String note) {
        return GridCalls.guarded("bot queue", () -> Optional.ofNullable(queue.executeOnKey(messageId, new DeferTask(token, until, note))));
    }

    @Override
    public Optional<BotTask> fail(String messageId, Long token, String error) {
        return GridCalls.guarded("bot queue", () -> Optional.ofNullable(queue.executeOnKey(messageId, new FailTask(token, error))));
    }

    @Override
    public Optional<BotTask> releaseLease(String messageId, long now, Set<String> liveMembers) {
        return GridCalls.guarded("bot queue", () -> Optional.ofNullable(queue.executeOnKey(messageId, new ReleaseLease(now, liveMembers))));
    }

    @Override
    public Optional<BotTask> requeue(String messageId) {
        return GridCalls.guarded("bot queue", () -> Optional.ofNullable(queue.executeOnKey(messageId, new RequeueTask())));
    }

    @Override
    public Optional<BotTask> setPriority(String messageId, int priority) {
        return GridCalls.guarded("bot queue",
                () -> Optional.ofNullable(queue.executeOnKey(messageId, new SetTaskPriority(priority))));
    }

    @Override
    public void remove(String messageId) {
        GridCalls.guarded("bot queue", () -> {
            queue.delete(messageId);
            return null;
        });
    }

    @Override
    public List<BotTask> all() {
        return GridCalls.guarded("bot queue", () -> new ArrayList<>(queue.values()));
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public synchronized void onLocalChange(Runnable wake) {
        com.hazelcast.map.listener.MapListener listener = new WakeListener(wake);
        listeners.add(queue.addLocalEntryListener(listener));
    }

    /** Removes this member's listeners (application shutdown or redeploy). */
    @jakarta.annotation.PreDestroy
    public synchronized void close() {
        for (UUID id : listeners) {
            try {
                queue.removeEntryListener(id);
            } catch (RuntimeException ignored) {
                // the grid is shutting down
            }
        }
        listeners.clear();
    }

    /** Local listener (never serialised): wakes the dispatcher when a task arrives or becomes pending here. */
    private record WakeListener(Runnable wake)
            implements EntryAddedListener<String, BotTask>, EntryUpdatedListener<String, BotTask> {
        @Override
        public void entryAdded(EntryEvent<String, BotTask> event) {
            wake.run();
        }

        @Override
        public void entryUpdated(EntryEvent<String, BotTask> event) {
            BotTask value = event.getValue();
            if (value == null || value.getStatus() == BotStatus.PENDING) {
                wake.run();
            }
        }
    }
}
