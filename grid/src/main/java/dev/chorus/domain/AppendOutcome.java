package dev.chorus.domain;

import java.io.Serializable;

/** What an append to the window did: the stored (stamped) message, and whether it was already there. */
public record AppendOutcome(Message message, boolean duplicate) implements Serializable {
}
