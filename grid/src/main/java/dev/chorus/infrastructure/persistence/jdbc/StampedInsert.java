package dev.chorus.infrastructure.persistence.jdbc;

/** What became of one stamped message in an insert (see {@link JdbcMessageRepository#insertStamped}). */
public enum StampedInsert {
    /** Stored now, and counted. */
    INSERTED,
    /** A message with this id was stored already: nothing changed. */
    ALREADY_STORED,
    /** Refused: the writer epoch is no longer current, or its timestamp is taken (a writer that lost the window). */
    STALE
}
