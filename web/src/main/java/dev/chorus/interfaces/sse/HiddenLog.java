package dev.chorus.interfaces.sse;

import dev.chorus.domain.MessageId;
import dev.chorus.domain.VisibilityEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The messages operators hid or restored while this member's streams were open, numbered, so each subscriber is
 * sent every {@code hidden} and {@code restored} event once (it remembers the last number it was sent) and never
 * sent a hidden message the window event has not yet taken away here (the topic and the window's events travel
 * separately). Bounded: the newest {@code capacity} events; a subscriber further behind than that reconnects with
 * nothing lost but those changes (a page that reloads shows the board as it is anyway). Written by the grid's
 * event thread, read by the pump.
 */
final class HiddenLog {
    /** Number {@code seq}: message {@code id} was hidden ({@code hidden} true) or restored. */
    record Entry(long seq, MessageId id, boolean hidden) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Set<MessageId> hidden = new LinkedHashSet<>();
    private long head;

    HiddenLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(VisibilityEvent event) {
        hidden.remove(event.id());
        if (event.hidden()) {
            hidden.add(event.id());
        }
        entries.addLast(new Entry(++head, event.id(), event.hidden()));
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
        while (hidden.size() > capacity) {
            hidden.remove(hidden.iterator().next());
        }
    }

    /** The number of the newest event (0: none yet): where a new subscriber starts. */
    synchronized long head() {
        return head;
    }

    /** The events after number {@code seen}, oldest first. */
    synchronized List<Entry> since(long seen) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.seq() > seen) {
                found.add(entry);
            }
        }
        return found;
    }

    synchronized boolean isHidden(MessageId id) {
        return hidden.contains(id);
    }
}
