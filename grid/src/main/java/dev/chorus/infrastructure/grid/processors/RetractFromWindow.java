package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;

/**
 * Takes back a pending append whose durable write failed, so no reader ever sees a message that was never
 * acknowledged. A committed entry is never taken back: it may have been acknowledged and read already.
 */
public final class RetractFromWindow extends ComputingProcessor<String, RecentWindow, Boolean> {
    private static final long serialVersionUID = 1L;
    private final MessageId id;

    public RetractFromWindow(MessageId id) {
        this.id = id;
    }

    @Override
    protected Change<RecentWindow, Boolean> compute(RecentWindow current) {
        if (current == null || !current.isPending(id)) {
            return new Change<>(null, false);
        }
        return new Change<>(current.retract(id), true);
    }
}
