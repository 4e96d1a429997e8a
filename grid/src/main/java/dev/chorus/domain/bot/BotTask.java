package dev.chorus.domain.bot;

import dev.chorus.domain.BotStatus;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * One message waiting for (or being given) a persona's reply. Immutable: every transition returns a new task.
 *
 * <p>Transitions: {@code pending -> processing} ({@link #claim}, token + 1, lease), {@code processing -> complete}
 * ({@link #complete}), {@code processing -> pending} after a failed attempt with backoff ({@link #retry}) or a
 * deferral that costs no attempt ({@link #defer}), {@code -> failed} ({@link #fail}), {@code failed -> pending}
 * ({@link #requeue}). Transitions that follow a claim are accepted only with the claim's {@link #token()}
 * ({@link #holds(long)}): a worker whose lease expired and was re-claimed can no longer change the task.
 *
 * <p>Getters follow the bean convention so Hazelcast predicates and indexes can name the attributes
 * ({@code statusName}, {@code priority}, {@code nextAttemptAt}, {@code leaseUntil}).
 */
public final class BotTask implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_PRIORITY = 50;
    public static final int MAX_ERROR = 1000;

    private final String messageId;
    private final String entity;
    private final int priority;
    private final long createdAt;
    private final BotStatus status;
    private final long leaseUntil;
    private final long token;
    private final int attempts;
    private final long nextAttemptAt;
    private final String lastError;
    private final String holder;

    public BotTask(String messageId, String entity, int priority, long createdAt, BotStatus status, long leaseUntil,
                   long token, int attempts, long nextAttemptAt, String lastError, String holder) {
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("messageId is required");
        }
        if (entity == null || entity.isBlank()) {
            throw new IllegalArgumentException("entity is required");
        }
        if (priority < 0 || priority > 99) {
            throw new IllegalArgumentException("priority must be 0-99");
        }
        if (attempts < 0 || token < 0) {
            throw new IllegalArgumentException("attempts and token must not be negative");
        }
        this.messageId = messageId;
        this.entity = entity;
        this.priority = priority;
        this.createdAt = createdAt;
        this.status = Objects.requireNonNull(status, "status");
        this.leaseUntil = leaseUntil;
        this.token = token;
        this.attempts = attempts;
        this.nextAttemptAt = nextAttemptAt;
        this.lastError = lastError == null || lastError.length() <= MAX_ERROR ? lastError : lastError.substring(0, MAX_ERROR);
        this.holder = holder;
    }

    /** New work: pending, due at once. {@code priority} null: the caller's default was not known, use 50. */
    public static BotTask pending(String messageId, String entity, Integer priority, long createdAt, int attempts) {
        return new BotTask(messageId, entity, priority == null ? DEFAULT_PRIORITY : priority, createdAt,
                BotStatus.PENDING, 0, 0, attempts, 0, null, null);
    }

    /** Whether a worker holding {@code claimToken} may still change this task. */
    public boolean holds(long claimToken) {
        return status == BotStatus.PROCESSING && token == claimToken;
    }

    public boolean isDue(long now) {
        return status == BotStatus.PENDING && nextAttemptAt <= now;
    }

    public boolean leaseExpired(long now) {
        return status == BotStatus.PROCESSING && leaseUntil < now;
    }

    /** pending -> processing until {@code now + leaseMillis}, with the next fencing token; null if not due. */
    public BotTask claim(long now, long leaseMillis, String claimer) {
        if (!isDue(now)) {
            return null;
        }
        return new BotTask(messageId, entity, priority, createdAt, BotStatus.PROCESSING, now + leaseMillis, token + 1,
                attempts, nextAttemptAt, lastError, claimer);
    }

    /**
     * The claim's holder finished: complete, stamped {@code now} in {@code nextAttemptAt} (for a complete task it
     * means "completed at"). A complete task normally leaves the queue at once; one still there after a while
     * means its worker died between completing the task and the message, and the tick repairs that.
     */
    public BotTask complete(long now) {
        return new BotTask(messageId, entity, priority, createdAt, BotStatus.COMPLETE, 0, token, attempts,
                now, lastError, holder);
    }

    /**
     * A failed attempt: attempts + 1, then {@code failed} when {@code maxAttempts} are spent, else pending again at
     * {@code now + backoff(attempts)}.
     */
    public BotTask retry(long now, String error, int maxAttempts, Backoff backoff) {
        int spent = attempts + 1;
        if (spent >= maxAttempts) {
            return new BotTask(messageId, entity, priority, createdAt, BotStatus.FAILED, 0, token, spent, 0, error, holder);
        }
        return new BotTask(messageId, entity, priority, createdAt, BotStatus.PENDING, 0, token, spent,
                now + backoff.delayMillis(spent), error, holder);
    }

    /** Back to pending until {@code until} without spending an attempt (no server, busy, rate limit). */
    public BotTask defer(long until, String note) {
        return new BotTask(messageId, entity, priority, createdAt, BotStatus.PENDING, 0, token, attempts, until,
                note, holder);
    }

    /** The operator's new priority (0-99, 0 most urgent); everything else as it was. */
    public BotTask withPriority(int newPriority) {
        return new BotTask(messageId, entity, newPriority, createdAt, status, leaseUntil, token, attempts, nextAttemptAt,
                lastError, holder);
    }

    /** Given up for good (too old, unknown entity, attempts spent). */
    public BotTask fail(String error) {
        return new BotTask(messageId, entity, priority, createdAt, BotStatus.FAILED, 0, token, attempts, 0, error, holder);
    }

    /** The operator's requeue: failed -> pending, attempts reset; null if the task is not failed. */
    public BotTask requeue() {
        if (status != BotStatus.FAILED) {
            return null;
        }
        return new BotTask(messageId, entity, priority, createdAt, BotStatus.PENDING, 0, token, 0, 0, null, null);
    }

    /** An expired lease returns the task to pending (same attempts: the holder vanished, it did not fail). */
    public BotTask releaseExpired(long now) {
        if (!leaseExpired(now)) {
            return null;
        }
        return new BotTask(messageId, entity, priority, createdAt, BotStatus.PENDING, 0, token, attempts, now,
                "lease expired (the member working on it stopped or stalled)", null);
    }

    /**
     * The holder left the cluster: the task is pending and claimable at once, whatever its lease says (same
     * attempts; the holder vanished, it did not fail). The fencing token still refuses the old holder's
     * completion, and the reply's derived id keeps a late reply from being posted twice. Null if not processing.
     */
    public BotTask releaseOrphaned(long now) {
        if (status != BotStatus.PROCESSING) {
            return null;
        }
        return new BotTask(messageId, entity, priority, createdAt, BotStatus.PENDING, 0, token, attempts, now,
                "the member working on it left the cluster", null);
    }

    public String getMessageId() {
        return messageId;
    }

    public String getPersona() {
        return entity;
    }

    public int getPriority() {
        return priority;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public BotStatus getStatus() {
        return status;
    }

    /** The status as the wire names it; what the queue's index and predicates use. */
    public String getStatusName() {
        return status.wireName();
    }

    public long getLeaseUntil() {
        return leaseUntil;
    }

    public long getToken() {
        return token;
    }

    public int getAttempts() {
        return attempts;
    }

    public long getNextAttemptAt() {
        return nextAttemptAt;
    }

    public String getLastError() {
        return lastError;
    }

    /** The member (UUID) holding the lease while processing, else null. */
    public String getHolder() {
        return holder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BotTask t && messageId.equals(t.messageId) && entity.equals(t.entity)
                && priority == t.priority && createdAt == t.createdAt && status == t.status
                && leaseUntil == t.leaseUntil && token == t.token && attempts == t.attempts
                && nextAttemptAt == t.nextAttemptAt && Objects.equals(lastError, t.lastError)
                && Objects.equals(holder, t.holder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, status, token, attempts);
    }

    @Override
    public String toString() {
        return "BotTask[" + messageId + " " + entity + " p" + priority + " " + status.wireName() + " token=" + token
                + " attempts=" + attempts + (lastError == null ? "" : " lastError=" + lastError) + "]";
    }
}
