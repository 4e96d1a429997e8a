package dev.chorus.application.bot;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.Backoff;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The bot queue in memory, one member owning everything: each transition follows the grid's entry processor of
 * the same name (ClaimTask, CompleteTask, RetryTask/DeferTask via HolderTransition, FailTask, ReleaseLease,
 * RequeueTask, EnqueueTask), on {@link BotTask}'s own transitions. {@link #failing} makes every call throw.
 */
final class InMemoryBotQueue implements BotQueue {
    private static final Comparator<BotTask> URGENCY = Comparator.comparingInt(BotTask::getPriority)
            .thenComparingLong(BotTask::getCreatedAt).thenComparing(BotTask::getMessageId);

    private final Map<String, BotTask> tasks = new LinkedHashMap<>();
    private final List<Runnable> wakes = new CopyOnWriteArrayList<>();
    /** Set to make every call fail, as a grid shutting down does. */
    volatile RuntimeException failing;

    synchronized void put(BotTask task) {
        tasks.put(task.getMessageId(), task);
    }

    synchronized BotTask get(String messageId) {
        return tasks.get(messageId);
    }

    private void check() {
        if (failing != null) {
            throw failing;
        }
    }

    private synchronized Optional<BotTask> change(String id, UnaryOperator<BotTask> transition) {
        check();
        BotTask current = tasks.get(id);
        if (current == null) {
            return Optional.empty();
        }
        BotTask next = transition.apply(current);
        if (next != null && next != current) {
            tasks.put(id, next);
            if (next.getStatus() == BotStatus.PENDING) {
                wakes.forEach(Runnable::run);
            }
        }
        return Optional.ofNullable(next);
    }

    /** HolderTransition: a repeat by the same holder answers the current task; a stale token changes nothing. */
    private Optional<BotTask> asHolder(String id, long token, UnaryOperator<BotTask> transition) {
        return change(id, current -> {
            if (current.getToken() == token && current.getStatus() != BotStatus.PROCESSING) {
                return current;
            }
            return current.holds(token) ? transition.apply(current) : null;
        });
    }

    @Override
    public synchronized boolean enqueue(BotTask task) {
        check();
        if (tasks.putIfAbsent(task.getMessageId(), task) != null) {
            return false;
        }
        wakes.forEach(Runnable::run);
        return true;
    }

    @Override
    public synchronized Optional<BotTask> find(String messageId) {
        check();
        return Optional.ofNullable(tasks.get(messageId));
    }

    @Override
    public synchronized List<BotTask> localDue(long now, int max) {
        check();
        return tasks.values().stream().filter(t -> t.isDue(now)).sorted(URGENCY).limit(Math.max(0, max)).toList();
    }

    @Override
    public synchronized List<BotTask> localPendingCreatedBefore(long createdBefore) {
        check();
        return tasks.values().stream()
                .filter(t -> t.getStatus() == BotStatus.PENDING && t.getCreatedAt() < createdBefore).toList();
    }

    @Override
    public synchronized List<BotTask> localStaleLeases(long now, Set<String> liveMembers) {
        check();
        return tasks.values().stream().filter(t -> t.getStatus() == BotStatus.PROCESSING)
                .filter(t -> t.leaseExpired(now) || orphaned(t, liveMembers)).toList();
    }

    @Override
    public synchronized List<BotTask> localLeftoverComplete(long completedBefore) {
        check();
        return tasks.values().stream()
                .filter(t -> t.getStatus() == BotStatus.COMPLETE && t.getNextAttemptAt() < completedBefore).toList();
    }

    @Override
    public Optional<BotTask> claim(String messageId, long now, long leaseMillis, String claimer) {
        return change(messageId, current -> current.getStatus() == BotStatus.PROCESSING
                && claimer.equals(current.getHolder()) ? current : current.claim(now, leaseMillis, claimer));
    }

    @Override
    public synchronized boolean complete(String messageId, long token) {
        check();
        BotTask current = tasks.get(messageId);
        if (current == null) {
            return false;
        }
        if (current.getStatus() == BotStatus.COMPLETE && current.getToken() == token) {
            tasks.remove(messageId);
            return true;
        }
        if (!current.holds(token)) {
            return false;
        }
        tasks.remove(messageId); // completed, then removed (HazelcastBotQueue.complete)
        return true;
    }

    @Override
    public Optional<BotTask> retry(String messageId, long token, long now, String error, int maxAttempts,
                                   Backoff backoff) {
        return asHolder(messageId, token, t -> t.retry(now, error, maxAttempts, backoff));
    }

    @Override
    public Optional<BotTask> defer(String messageId, long token, long until, String note) {
        return asHolder(messageId, token, t -> t.defer(until, note));
    }

    @Override
    public Optional<BotTask> fail(String messageId, Long token, String error) {
        return change(messageId, current -> {
            if (current.getStatus() == BotStatus.FAILED) {
                return current;
            }
            boolean allowed = token == null ? current.getStatus() == BotStatus.PENDING : current.holds(token);
            return allowed ? current.fail(error) : null;
        });
    }

    @Override
    public Optional<BotTask> releaseLease(String messageId, long now, Set<String> liveMembers) {
        return change(messageId, current -> current.getStatus() != BotStatus.PROCESSING ? null
                : orphaned(current, liveMembers) ? current.releaseOrphaned(now) : current.releaseExpired(now));
    }

    @Override
    public Optional<BotTask> requeue(String messageId) {
        return change(messageId, current -> {
            BotTask requeued = current.requeue();
            return requeued != null ? requeued : current.getStatus() == BotStatus.PENDING ? current : null;
        });
    }

    @Override
    public Optional<BotTask> setPriority(String messageId, int priority) {
        return change(messageId, current -> current.withPriority(priority));
    }

    @Override
    public synchronized void remove(String messageId) {
        check();
        tasks.remove(messageId);
    }

    @Override
    public synchronized List<BotTask> all() {
        check();
        return new ArrayList<>(tasks.values());
    }

    @Override
    public synchronized int size() {
        return tasks.size();
    }

    @Override
    public void onLocalChange(Runnable wake) {
        wakes.add(wake);
    }

    private static boolean orphaned(BotTask task, Set<String> liveMembers) {
        String holder = task.getHolder();
        if (holder == null || liveMembers.isEmpty()) {
            return false;
        }
        int slash = holder.indexOf('/');
        return !liveMembers.contains(slash < 0 ? holder : holder.substring(0, slash));
    }
}
