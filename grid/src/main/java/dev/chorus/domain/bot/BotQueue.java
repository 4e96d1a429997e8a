package dev.chorus.domain.bot;

import java.util.List;
import java.util.Optional;

/**
 * The bot's cluster-wide work queue (the port; the grid adapter implements it). Each member works on the tasks
 * it owns ({@code local...}); every transition after a claim needs the claim's fencing token.
 */
public interface BotQueue {

    /** Adds the task unless the message already has one; true when added. */
    boolean enqueue(BotTask task);

    Optional<BotTask> find(String messageId);

    /** Due pending tasks this member owns, most urgent first (priority, then oldest), at most {@code max}. */
    List<BotTask> localDue(long now, int max);

    /** Pending tasks this member owns created before {@code createdBefore} (too old to answer). */
    List<BotTask> localPendingCreatedBefore(long createdBefore);

    /** Processing tasks this member owns whose lease ended before {@code now}, or whose holder is not a member. */
    List<BotTask> localStaleLeases(long now, java.util.Set<String> liveMembers);

    /** Complete tasks this member owns that were completed before {@code completedBefore} but never removed. */
    List<BotTask> localLeftoverComplete(long completedBefore);

    /** pending -> processing; empty when someone else got it first or it is not due. */
    Optional<BotTask> claim(String messageId, long now, long leaseMillis, String claimer);

    /** Completes and removes the task, only with the current token; false when the token is stale. */
    boolean complete(String messageId, long token);

    /** A failed attempt (backoff, or failed when attempts are spent); empty when the token is stale. */
    Optional<BotTask> retry(String messageId, long token, long now, String error, int maxAttempts, Backoff backoff);

    /** Back to pending until {@code until} without spending an attempt; empty when the token is stale. */
    Optional<BotTask> defer(String messageId, long token, long until, String note);

    /** Fails the task for good: with {@code token} (a claim's) or, when {@code token} is null, if it is pending. */
    Optional<BotTask> fail(String messageId, Long token, String error);

    /** An expired or orphaned lease back to pending (checked again on the owner). */
    Optional<BotTask> releaseLease(String messageId, long now, java.util.Set<String> liveMembers);

    /** failed -> pending with attempts reset; empty when there is no failed task. */
    Optional<BotTask> requeue(String messageId);

    /** The operator's new priority (0-99) for a queued task; empty when it is not queued. */
    Optional<BotTask> setPriority(String messageId, int priority);

    /** Drops the task whatever its state (the message no longer needs it). */
    void remove(String messageId);

    /** Every task in the cluster (small by design: completed tasks leave the queue). */
    List<BotTask> all();

    int size();

    /** Calls {@code wake} (on a grid thread: do not block) when a task is added or changed on this member. */
    void onLocalChange(Runnable wake);
}
