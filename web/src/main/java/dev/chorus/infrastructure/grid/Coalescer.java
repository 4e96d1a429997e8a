package dev.chorus.infrastructure.grid;

import dev.chorus.infrastructure.batching.BatchWorker;
import dev.chorus.domain.WritesRefusedException;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Turns the calls that concurrent posts make one by one into one call per batch: one thread takes every request
 * queued while its previous call was in flight and makes them one call ({@code call}, whose answers come back in
 * the order of the requests). Each caller still waits for its own answer, within its own budget. A lone request
 * is a batch of one, sent at once: no added wait when the board is quiet.
 *
 * <p>A request whose budget ran out in the queue is not sent at all (its caller has given up; a stamp made for
 * nobody would only stay pending until the sweep). The thread waits for a call at most as long as the longest
 * budget in its batch: after that no caller of it is waiting.
 */
final class Coalescer<I, O> {
    /** Bounds a batch's size (and so its grid operation's). */
    static final int MAX_BATCH = 128;

    private record Request<I, O>(I item, long endNanos, CompletableFuture<O> answer) {
    }

    private final Function<List<I>, CompletionStage<? extends List<O>>> call;
    private final BatchWorker<Request<I, O>> sender;

    Coalescer(String name, ManagedThreadFactory threads, Function<List<I>, CompletionStage<? extends List<O>>> call) {
        this.call = call;
        this.sender = new BatchWorker<Request<I, O>>(name, MAX_BATCH, Coalescer::inBudget, this::send,
                (request, failure) -> request.answer().completeExceptionally(failure)).start(threads);
    }

    /** {@code item}'s answer, to be awaited within {@code budget} (the caller's {@link Deadline}). */
    CompletableFuture<O> submit(I item, Duration budget) {
        CompletableFuture<O> answer = new CompletableFuture<>();
        if (!sender.running()) {
            answer.completeExceptionally(stopping());
            return answer;
        }
        sender.add(new Request<>(item, System.nanoTime() + budget.toNanos(), answer));
        return answer;
    }

    void stop() {
        sender.stop(left -> left.answer().completeExceptionally(stopping()));
    }

    private static WritesRefusedException stopping() {
        return new WritesRefusedException("This member is stopping; nothing was stored.");
    }

    /** A request whose budget ran out in the queue is answered here and not sent. */
    private static <I, O> boolean inBudget(Request<I, O> request) {
        if (request.endNanos() - System.nanoTime() > 0) {
            return true;
        }
        request.answer().completeExceptionally(new WritesRefusedException("The post waited its budget out"
                + " before its turn; nothing was stored. Retry with the same id."));
        return false;
    }

    private void send(List<Request<I, O>> batch) throws InterruptedException {
        long end = batch.stream().mapToLong(Request::endNanos).max().orElseThrow();
        try {
            List<O> answers = call.apply(batch.stream().map(Request::item).toList()).toCompletableFuture()
                    .get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(answers.get(i));
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof RuntimeException ? e.getCause()
                    : new IllegalStateException(e.getCause());
            batch.forEach(r -> r.answer().completeExceptionally(cause));
        } catch (TimeoutException e) { // every caller of this batch has given up by now
            batch.forEach(r -> r.answer().completeExceptionally(new WritesRefusedException("The cluster did not"
                    + " answer in time (a member may be paused or cut off). Retry with the same id.")));
        }
    }
}
