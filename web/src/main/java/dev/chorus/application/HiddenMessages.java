package dev.chorus.application;

import dev.chorus.domain.MessageId;

/**
 * Whether an operator hid a stored message (the database's flag, the one truth): asked only when a POST repeats a
 * stored id, so that a repeat cannot read back the text of a message hidden from every reader.
 */
public interface HiddenMessages {

    boolean isHidden(MessageId id);
}
