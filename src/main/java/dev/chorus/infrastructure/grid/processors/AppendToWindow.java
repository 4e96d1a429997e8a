package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;

/**
 * Appends a message to the recent window and stamps its timestamp there: the window's owner is the cluster's
 * single serialization point, so timestamps strictly increase and the window is always in cursor order.
 * Idempotent: a message whose id is already in the window is returned as it is, flagged duplicate.
 */
public final class AppendToWindow extends ComputingProcessor<String, RecentWindow, AppendOutcome> {
    private static final long serialVersionUID = 1L;
    private final Message message;
    private final int capacity;

    public AppendToWindow(Message message, int capacity) {
        this.message = message.slim();
        this.capacity = capacity;
    }

    @Override
    protected Change<RecentWindow, AppendOutcome> compute(RecentWindow current) {
        RecentWindow window = current == null ? RecentWindow.empty(capacity) : current;
        var existing = window.find(message.id());
        if (existing.isPresent()) {
            return new Change<>(null, new AppendOutcome(existing.get(), true));
        }
        RecentWindow next = window.append(message, System.currentTimeMillis());
        return new Change<>(next, new AppendOutcome(next.find(message.id()).orElseThrow(), false));
    }
}
