package dev.chorus.application;

import dev.chorus.domain.MessageId;

/**
 * CDI event: an operator hid a message (fired on the member that hid it, synchronously, once the board shows it
 * hidden; again on a repeated hide). The bot observes it so a hidden persona message gets no reply.
 */
public record MessageHidden(MessageId id) {
}
