package dev.chorus.application;

import dev.chorus.domain.Message;

/** CDI event: a new message was stored on this member (not fired for duplicates). */
public record MessagePosted(Message message) {
}
