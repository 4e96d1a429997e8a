package dev.chorus.application;

/**
 * When the board changed: the port live push waits on (the grid adapter hears of every change of the recent window,
 * made on any member). A change is visible to this member's reads ({@link dev.chorus.domain.MessageBoard#after},
 * {@link #newestTimestamp()}) before the callbacks run for it, so a reader woken by a callback never has to look
 * again for what woke it.
 */
public interface BoardChanges {

    /**
     * Runs {@code onChange} after every change of the board, on a thread that must not block (it must only signal);
     * close the handle to stop.
     */
    AutoCloseable onChange(Runnable onChange);

    /** The newest timestamp readers on this member can see (0 for an empty board). */
    long newestTimestamp();
}
