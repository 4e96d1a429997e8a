package dev.chorus.infrastructure.grid.processors;

/**
 * The grid topic on which the recent window's owner publishes every change it makes, as a
 * {@link dev.chorus.domain.WindowDelta}, for every member's replica of the window.
 *
 * <p>Why a plain topic and not the map's entry events: an entry event carries the whole new value, so every
 * change shipped the whole window (500 messages, ~100 KB) to every member, serialised on the owner and read on
 * each member, and its cost grew with the window. A delta is one message. The topic is not reliable (a member
 * that misses an event is not told), which the replica makes up for: a delta that does not fit its copy, or a
 * version check that finds its copy behind the owner's, makes it read the window whole. Published from the
 * owner's partition thread, in the order the changes were made: a topic without multi-threading delivers one
 * publisher's messages in order, and publishing only queues the event (it never blocks that thread).
 */
public final class WindowChanges {
    public static final String TOPIC = "chorus-window-changes";

    private WindowChanges() {
    }
}
