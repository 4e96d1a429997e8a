package dev.chorus.domain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest messages (slim, oldest first) plus the kept counts and the last assigned timestamp.
 * Immutable: every change returns a new window, so a near-cached copy can be shared by all readers on a
 * member without locking. It is also the cluster's single serialization point for the polling cursor:
 * {@link #append} stamps {@code max(now, last + 1)}, so timestamps strictly increase.
 *
 * <p>Two-phase appends: a post is stamped here first ({@link #appendPending}), made durable, then
 * {@link #commit committed} (or {@link #retract retracted} when the durable write failed). Readers see entries
 * only up to the first pending one: never a message that is not yet durable (it might still be taken back), and
 * never a later message before an earlier one (a cursor would skip the earlier one).
 */
public final class RecentWindow implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_CAPACITY = 500;

    private final Message[] entries;
    private final int capacity;
    private final long lastTimestamp;
    private final MessageCounts counts;
    /** Stamped but not yet durable: message id -> the member that is writing it (to resolve it if that member dies). */
    private final Map<MessageId, String> pending;
    /** Counts changes since this window was built or loaded, so a member can wait for a change it made. */
    private final long version;
    /** The database's writer epoch this window was rebuilt under: inserts stamped here must still match it. */
    private final long epoch;
    /** The member that rebuilt it and alone may stamp in it (null: nobody yet, it must be fenced first). */
    private final String stamper;
    /**
     * A fingerprint of this window's history: each change applied as a {@link WindowDelta} mixes itself in, a
     * take-over starts a new one. Two copies at the same epoch and version that took different changes (an owner
     * lost after publishing a change its backup never got) differ here, where their versions agree.
     */
    private final long chain;
    /** {@link #visibleEnd()} once computed; -1 before. */
    private transient int visibleEnd = -1;

    private RecentWindow(Message[] entries, int capacity, long lastTimestamp, MessageCounts counts) {
        this(entries, capacity, lastTimestamp, counts, Map.of(), 0, 0, null, 0);
    }

    private RecentWindow(Message[] entries, int capacity, long lastTimestamp, MessageCounts counts,
                         Map<MessageId, String> pending, long version, long epoch, String stamper, long chain) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.entries = entries;
        this.capacity = capacity;
        this.lastTimestamp = lastTimestamp;
        this.counts = counts;
        this.pending = pending;
        this.version = version;
        this.epoch = epoch;
        this.stamper = stamper;
        this.chain = chain;
    }

    public static RecentWindow empty(int capacity) {
        return new RecentWindow(new Message[0], capacity, 0, MessageCounts.NONE);
    }

    /** Rebuilt from storage: the newest messages (any order), the stored counts and the highest timestamp. */
    public static RecentWindow restored(List<Message> newest, MessageCounts counts, long lastTimestamp, int capacity) {
        Message[] sorted = newest.stream().map(Message::slim)
                .sorted((a, b) -> Long.compare(a.timestamp(), b.timestamp())).toArray(Message[]::new);
        if (sorted.length > capacity) {
            sorted = Arrays.copyOfRange(sorted, sorted.length - capacity, sorted.length);
        }
        long last = sorted.length == 0 ? lastTimestamp : Math.max(lastTimestamp, sorted[sorted.length - 1].timestamp());
        return new RecentWindow(sorted, capacity, last, counts);
    }

    /** Rebuilds a window from its serial form (see {@link WindowSerialForm}). */
    static RecentWindow fromSerialForm(Message[] entries, int capacity, long lastTimestamp, MessageCounts counts,
                                       Map<MessageId, String> pending, long version, long epoch, String stamper,
                                       long chain) {
        return new RecentWindow(entries, capacity, lastTimestamp, counts, pending, version, epoch, stamper, chain);
    }

    /**
     * This window (just rebuilt from the database) handed to {@code stamper} under writer epoch {@code epoch}.
     * Its version continues after {@code previousVersion}, so every member's copy takes it as the newer one.
     */
    public RecentWindow fencedBy(long epoch, String stamper, long previousVersion) {
        long next = Math.max(version, previousVersion) + 1;
        // a new history: epochs are unique (the database hands each out once), so (epoch, version) names it
        return new RecentWindow(entries, capacity, lastTimestamp, counts, pending, next, epoch, stamper,
                Chain.mix(Chain.mix(0x5EED, epoch), next));
    }

    /** This window with history fingerprint {@code chain} (see {@link WindowDelta#applyTo}). */
    RecentWindow chained(long chain) {
        return new RecentWindow(entries, capacity, lastTimestamp, counts, pending, version, epoch, stamper, chain);
    }

    /**
     * Whether this window comes after {@code other} in the window's history: a later epoch (epochs come from the
     * database and only grow), or the same epoch at a later version. Versions alone do not order windows: they
     * restart when the window is reloaded.
     */
    public boolean isLaterThan(RecentWindow other) {
        return epoch > other.epoch || epoch == other.epoch && version > other.version;
    }

    /** The fingerprint of this window's history (see the field). */
    public long chain() {
        return chain;
    }

    /** Whether {@code member} may stamp new posts here (it holds the window under the current epoch). */
    public boolean stampedBy(String member) {
        return stamper != null && stamper.equals(member);
    }

    public long epoch() {
        return epoch;
    }

    /** The member that may stamp, or null when the window has not been fenced since it was loaded. */
    public String stamper() {
        return stamper;
    }

    /** Serialized through its compact serial form, never field by field. */
    private Object writeReplace() {
        return new WindowSerialForm(this);
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("a RecentWindow is read through its serial form");
    }

    /** Appends a new, already durable message stamped with the next timestamp; the oldest entry falls out when full. */
    public RecentWindow append(Message message, long nowMillis) {
        return appendPending(message, nowMillis, null);
    }

    /**
     * Appends a message stamped with the next timestamp but invisible to readers until {@link #commit}: it is
     * being made durable by {@code writer} (null: durable already, visible at once).
     */
    public RecentWindow appendPending(Message message, long nowMillis, String writer) {
        return appendStamped(stamp(message, nowMillis), writer);
    }

    /** {@code message} as this window would stamp it now: slim, with the next timestamp. */
    public Message stamp(Message message, long nowMillis) {
        return message.slim().withTimestamp(Math.max(nowMillis, lastTimestamp + 1));
    }

    /**
     * Appends a message {@link #stamp stamped} by this window (on a copy: by the owner's equal window), pending
     * for {@code writer} (null: visible at once). Refuses a timestamp that is not after the last one: cursors
     * rely on timestamps strictly increasing.
     */
    public RecentWindow appendStamped(Message stamped, String writer) {
        if (stamped.timestamp() <= lastTimestamp) {
            throw new IllegalArgumentException("timestamp " + stamped.timestamp() + " is not after " + lastTimestamp);
        }
        int keep = Math.min(entries.length, capacity - 1);
        Message[] next = new Message[keep + 1];
        System.arraycopy(entries, entries.length - keep, next, 0, keep);
        next[keep] = stamped;
        Map<MessageId, String> nextPending = pending;
        if (writer != null || !pending.isEmpty()) {
            Map<MessageId, String> changed = new HashMap<>(pending);
            for (int i = 0; i < entries.length - keep; i++) {
                changed.remove(entries[i].id()); // fell out of the window
            }
            if (writer != null) {
                changed.put(stamped.id(), writer);
            }
            nextPending = Map.copyOf(changed);
        }
        return new RecentWindow(next, capacity, stamped.timestamp(), counts.plus(stamped.type(), 1), nextPending,
                version + 1, epoch, stamper, chain);
    }

    /** The durable write of a pending message succeeded: readers may see it. A no-op when not pending. */
    public RecentWindow commit(MessageId id) {
        if (!pending.containsKey(id)) {
            return this;
        }
        Map<MessageId, String> nextPending = new HashMap<>(pending);
        nextPending.remove(id);
        return new RecentWindow(entries, capacity, lastTimestamp, counts, Map.copyOf(nextPending), version + 1,
                epoch, stamper, chain);
    }

    public boolean isPending(MessageId id) {
        return pending.containsKey(id);
    }

    /** Pending messages and the member writing each (to resolve those whose writer left the cluster). */
    public Map<MessageId, String> pending() {
        return pending;
    }

    /** Replaces the entry with the same id in place (its timestamp kept); a no-op when absent. */
    public RecentWindow replace(Message updated) {
        int index = indexOf(updated.id());
        if (index < 0) {
            return this;
        }
        Message[] next = entries.clone();
        next[index] = updated.slim().withTimestamp(entries[index].timestamp());
        return new RecentWindow(next, capacity, lastTimestamp, counts, pending, version + 1, epoch, stamper, chain);
    }

    /** Takes back an append whose durable write failed; a no-op when absent. */
    public RecentWindow retract(MessageId id) {
        int index = indexOf(id);
        if (index < 0) {
            return this;
        }
        Message[] next = new Message[entries.length - 1];
        System.arraycopy(entries, 0, next, 0, index);
        System.arraycopy(entries, index + 1, next, index, entries.length - index - 1);
        Map<MessageId, String> nextPending = pending;
        if (pending.containsKey(id)) {
            nextPending = new HashMap<>(pending);
            nextPending.remove(id);
            nextPending = Map.copyOf(nextPending);
        }
        return new RecentWindow(next, capacity, lastTimestamp, counts.plus(entries[index].type(), -1), nextPending,
                version + 1, epoch, stamper, chain);
    }

    public Optional<Message> find(MessageId id) {
        int index = indexOf(id);
        return index < 0 ? Optional.empty() : Optional.of(entries[index]);
    }

    /** True when the window holds every stored message newer than {@code cursor}. */
    public boolean covers(long cursor) {
        return holdsEverything() || (entries.length > 0 && cursor >= entries[0].timestamp());
    }

    /** True when no stored message is missing from the window (the board is still small). */
    public boolean holdsEverything() {
        return counts.total() <= entries.length;
    }

    /**
     * The first {@code limit} messages after {@code cursor} (of {@code type}, or any when null), newest first.
     * The earliest ones are returned, not the newest, so a client that moves its cursor to the newest it got
     * and asks again never skips a message. Stops before the first pending entry.
     */
    public List<Message> after(long cursor, MessageType type, int limit) {
        int from = firstIndexAfter(cursor);
        List<Message> found = new ArrayList<>(Math.min(limit, entries.length - from));
        int end = visibleEnd();
        for (int i = from; i < end && found.size() < limit; i++) {
            if (type == null || entries[i].type() == type) {
                found.add(entries[i]);
            }
        }
        Collections.reverse(found);
        return found;
    }

    /** How many entries of {@code type} (any when null) the window holds. */
    public int held(MessageType type) {
        if (type == null) {
            return entries.length;
        }
        int held = 0;
        for (Message entry : entries) {
            if (entry.type() == type) {
                held++;
            }
        }
        return held;
    }

    /** A page counted from the newest visible entry (offset 0 = newest), returned oldest first. */
    public List<Message> page(int offset, int limit, MessageType type) {
        List<Message> page = new ArrayList<>(Math.min(limit, entries.length));
        int skipped = 0;
        for (int i = visibleEnd() - 1; i >= 0 && page.size() < limit; i--) {
            if (type == null || entries[i].type() == type) {
                if (skipped++ >= offset) {
                    page.add(entries[i]);
                }
            }
        }
        Collections.reverse(page);
        return page;
    }

    /** Timestamp of the oldest entry held (only meaningful when the window is not empty). */
    public long oldestTimestamp() {
        return entries.length == 0 ? lastTimestamp : entries[0].timestamp();
    }

    public List<Message> entries() {
        return List.of(entries);
    }

    public int size() {
        return entries.length;
    }

    public int capacity() {
        return capacity;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    public MessageCounts counts() {
        return counts;
    }

    /** How many changes made this window since it was built or loaded. */
    public long version() {
        return version;
    }

    /**
     * The newest timestamp readers can see: a cursor there has seen everything visible, and will next get the
     * first pending entry once it is committed. (The last assigned timestamp may belong to a pending entry.)
     */
    public long newestVisibleTimestamp() {
        int end = visibleEnd();
        if (end == entries.length) {
            return lastTimestamp;
        }
        return end > 0 ? entries[end - 1].timestamp() : entries[0].timestamp() - 1;
    }

    /**
     * Index just past the last entry readers may see: everything before the first pending entry. Computed once
     * per window (it is immutable) and from the newest end, where pending entries are: every poll and page asks
     * for it, and scanning 5,000 entries from the oldest for each of them was most of a poll's time under writes
     * (measured with a flight recording of PollingBenchmark at a window of 5,000).
     */
    private int visibleEnd() {
        int end = visibleEnd;
        if (end < 0) {
            end = entries.length;
            int found = 0;
            for (int i = entries.length - 1; i >= 0 && found < pending.size(); i--) {
                if (pending.containsKey(entries[i].id())) {
                    end = i;
                    found++;
                }
            }
            visibleEnd = end; // racy but idempotent: every thread computes the same value
        }
        return end;
    }

    private int firstIndexAfter(long cursor) {
        int low = 0;
        int high = entries.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (entries[mid].timestamp() <= cursor) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Hashes first: every stamp of a new post scans the whole window for its id on the window's owner (the one
     * partition thread all posts pass through), and a miss compared 500 (or 5,000) ids character by character —
     * ids that share long prefixes, as generated ones do. A String caches its hash, so a miss now costs an int
     * comparison per entry (by a flight recording, this scan was a third of the partition thread's time).
     */
    private int indexOf(MessageId id) {
        int hash = id.hashCode();
        for (int i = entries.length - 1; i >= 0; i--) {
            MessageId other = entries[i].id();
            if (other.hashCode() == hash && other.equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
