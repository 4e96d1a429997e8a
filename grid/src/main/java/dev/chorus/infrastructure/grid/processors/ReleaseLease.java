package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.BotStatus;
import dev.chorus.domain.bot.BotTask;
import java.util.Set;

/**
 * Returns a processing task to pending when its lease has expired or its holder is no longer a cluster member
 * (killed mid-call): decided again on the owner, so a task renewed meanwhile is left alone. Returns the released
 * task or null. Idempotent: a released task is pending and is not released again.
 */
public final class ReleaseLease extends ComputingProcessor<String, BotTask, BotTask> {
    private static final long serialVersionUID = 1L;
    private final long now;
    private final Set<String> liveMembers;

    public ReleaseLease(long now, Set<String> liveMembers) {
        this.now = now;
        this.liveMembers = Set.copyOf(liveMembers);
    }

    /** Whether the task's holder (member UUID before the '/') has left the cluster. */
    public static boolean orphaned(BotTask task, Set<String> liveMembers) {
        String holder = task.getHolder();
        if (holder == null || liveMembers.isEmpty()) {
            return false;
        }
        int slash = holder.indexOf('/');
        return !liveMembers.contains(slash < 0 ? holder : holder.substring(0, slash));
    }

    @Override
    protected Change<BotTask, BotTask> compute(BotTask current) {
        if (current == null || current.getStatus() != BotStatus.PROCESSING) {
            return new Change<>(null, null);
        }
        BotTask released = orphaned(current, liveMembers) ? current.releaseOrphaned(now) : current.releaseExpired(now);
        return new Change<>(released, released);
    }
}
