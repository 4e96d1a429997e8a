package dev.chorus.infrastructure.persistence.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The time the statements of one transaction share: each statement's query timeout is what is left of it, not
 * the whole of it again. A transaction of four statements each given the caller's whole budget could run four
 * times past it when the database stalls, or when a paused member's transaction holds the writer row: measured
 * in the pause drill, a post queued behind such a transaction answered after 20 s against a 10 s budget.
 *
 * <p>JDBC timeouts are whole seconds and 0 means none, so a statement gets at least one second: the bound is the
 * budget plus at most one second per statement begun on its last second.
 */
public final class StatementBudget {
    private final long endNanos;

    private StatementBudget(long endNanos) {
        this.endNanos = endNanos;
    }

    /** A budget that ends at {@code endNanos} on {@link System#nanoTime()}'s clock. */
    public static StatementBudget until(long endNanos) {
        return new StatementBudget(endNanos);
    }

    public static StatementBudget of(Duration budget) {
        return until(System.nanoTime() + budget.toNanos());
    }

    public static StatementBudget ofSeconds(int seconds) {
        return of(Duration.ofSeconds(Math.max(1, seconds)));
    }

    /** True once the budget is spent: a statement begun now would run on the one-second minimum. */
    public boolean spent() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** The whole seconds left, at least 1 (a JDBC query timeout of 0 would mean none). */
    public int seconds() {
        return (int) Math.max(1, (endNanos - System.nanoTime()) / 1_000_000_000L);
    }

    /** Bounds {@code statement} by what is left now. */
    public void bound(Statement statement) throws SQLException {
        statement.setQueryTimeout(seconds());
    }
}
