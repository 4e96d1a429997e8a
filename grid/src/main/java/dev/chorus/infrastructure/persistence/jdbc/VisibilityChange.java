package dev.chorus.infrastructure.persistence.jdbc;

import dev.chorus.domain.Message;

/**
 * What {@link JdbcMessageRepository#setHidden} did: the message (as stored), whether its flag changed, and the
 * writer epoch it changed under (windows rebuilt under a later epoch already reflect it).
 */
public record VisibilityChange(Message message, boolean changed, long epoch) {
}
