package dev.chorus.infrastructure.grid;

import dev.chorus.domain.WritesRefusedException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST's time budget. Grid calls are made asynchronously and waited for only as long as the budget lasts:
 * an operation sent to a member that is paused or cut off would otherwise wait out Hazelcast's invocation
 * timeout (minutes), and the client with it.
 */
final class Deadline {
    private final long endNanos;
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** One grid call bounded by {@code budget} on its own (outside a POST's budget). */
    static <T> T within(Duration budget, CompletionStage<T> stage) {
        return after(budget).await(stage);
    }

    /** The value of {@code stage}, or {@link WritesRefusedException} when the budget runs out first. */
    <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new WritesRefusedException("The cluster did not answer within " + budget.toSeconds()
                    + " s (a member may be paused or cut off). Retry with the same id: a post is never stored twice.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WritesRefusedException("Interrupted while storing. Retry with the same id: a post is never stored twice.");
        }
    }
}
