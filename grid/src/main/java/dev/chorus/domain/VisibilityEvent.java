package dev.chorus.domain;

import java.io.Serializable;

/**
 * An operator hid a message ({@code hidden} true) or showed it again: what every member hears, so its live
 * readers remove the message (or stop leaving it out).
 */
public record VisibilityEvent(MessageId id, boolean hidden) implements Serializable {
    private static final long serialVersionUID = 1L;

    public VisibilityEvent {
        java.util.Objects.requireNonNull(id, "id");
    }
}
