package dev.chorus.infrastructure.persistence.jdbc;

/**
 * A search's matches newer than a timestamp ({@code newer}), and how many of those are no newer than a second,
 * later one ({@code settled}): see {@link JdbcMessageRepository#countMatching(dev.chorus.domain.MessageType, String, long, long)}.
 */
public record SearchMatches(long settled, long newer) {
}
