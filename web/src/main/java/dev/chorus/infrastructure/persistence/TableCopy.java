package dev.chorus.infrastructure.persistence;

import java.util.function.Supplier;

/**
 * This member's copy of a small table that is the cluster's one copy (bans, operator switches): read again when
 * older than {@link #FRESH_MILLIS}, and at once after a change made here ({@link #reread()}). Trade-off: a change
 * made on another member holds here within that second, for one small query per second per member instead of one
 * per request, and no grid structure to keep in step with the table. One read at a time: however many requests
 * find the copy stale at the same moment, one of them reads and the others take what it read.
 */
final class TableCopy<T> {
    static final long FRESH_MILLIS = 1_000;

    private record Copy<T>(T value, long readAt) {
    }

    private final Supplier<T> read;
    private volatile Copy<T> copy; // null until the first read

    TableCopy(Supplier<T> read) {
        this.read = read;
    }

    T get() {
        long now = System.currentTimeMillis();
        Copy<T> current = copy;
        if (stale(current, now)) {
            synchronized (this) {
                current = copy;
                if (stale(current, now)) {
                    current = readAt(now);
                }
            }
        }
        return current.value();
    }

    /** Reads the table now: after a change made on this member, which must hold here at once. */
    synchronized T reread() {
        return readAt(System.currentTimeMillis()).value();
    }

    private Copy<T> readAt(long now) {
        Copy<T> fresh = new Copy<>(read.get(), now);
        copy = fresh;
        return fresh;
    }

    /** Stale when older than the bound, or when the clock went back past the read. */
    private static boolean stale(Copy<?> copy, long now) {
        return copy == null || now - copy.readAt() >= FRESH_MILLIS || now < copy.readAt();
    }
}
