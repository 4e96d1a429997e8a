package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.WindowChange;

/**
 * Takes back a pending append whose durable write failed, so no reader ever sees a message that was never
 * acknowledged. A committed entry is never taken back: it may have been acknowledged and read already.
 */
public final class RetractFromWindow extends WindowChangeProcessor<Boolean> {
    private static final long serialVersionUID = 1L;
    private final MessageId id;

    public RetractFromWindow(MessageId id) {
        this.id = id;
    }

    @Override
    protected Decision<Boolean> decide(RecentWindow current) {
        if (current == null || !current.isPending(id)) {
            return Decision.none(false);
        }
        return new Decision<>(new WindowChange.Retracted(id), true);
    }
}
