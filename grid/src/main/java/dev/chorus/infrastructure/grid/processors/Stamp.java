package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.Message;
import java.io.Serializable;

/**
 * What {@link StampPending} did: the message as stamped (or as already there, when {@code duplicate}) and the
 * writer epoch its insert must be made under; or, when {@code unfenced}, nothing: the window (of that epoch) has
 * not been taken over by the member that now holds it, which must fence it first.
 */
public record Stamp(Message message, boolean duplicate, long epoch, boolean unfenced) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Nothing stamped: the window (of writer epoch {@code epoch}) must be taken over first. */
    static Stamp needsFence(long epoch) {
        return new Stamp(null, false, epoch, true);
    }
}
