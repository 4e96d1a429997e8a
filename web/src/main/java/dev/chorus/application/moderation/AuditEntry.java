package dev.chorus.application.moderation;

/**
 * One operator action: when (epoch millis), by which credential ({@code operator} or {@code bot}), what
 * ({@code hide}, {@code restore}, {@code ban}, {@code unban}, {@code requeue}, ...), on which message or ban, and
 * a detail for a person (the ban's reason, the new priority). {@code seq} is the log's own order (0 before it is
 * stored).
 */
public record AuditEntry(long seq, long at, String actor, String action, String target, String detail) {
}
