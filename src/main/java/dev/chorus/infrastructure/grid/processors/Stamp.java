package dev.chorus.infrastructure.grid.processors;

import dev.chorus.domain.Message;
import java.io.Serializable;

/**
 * What {@link StampPending} did: the message as stamped (or as already there, when {@code duplicate}) and the
 * writer epoch its insert must be made under; or, when {@code unfenced}, nothing: the window has not been taken
 * over by the member that now holds it, which must fence it first.
 */
public record Stamp(Message message, boolean duplicate, long epoch, boolean unfenced) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Stamp needsFence() {
        return new Stamp(null, false, 0, true);
    }
}
