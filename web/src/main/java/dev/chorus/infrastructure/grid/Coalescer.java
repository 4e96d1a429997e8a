package dev.chorus.infrastructure.grid;

import dev.chorus.domain.WritesRefusedException;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(Coalescer.class.getName());
    /** Bounds a batch's size (and so its grid operation's). */
    static final int MAX_BATCH = 128;

    private record Request<I, O>(I item, long endNanos, CompletableFuture<O> answer) {
    }

    private final String name;
    private final Function<List<I>, CompletionStage<? extends List<O>>> call;
    private final LinkedBlockingQueue<Request<I, O>> queue = new LinkedBlockingQueue<>();
    private final Thread sender;
    private volatile boolean running = true;

    Coalescer(String name, ManagedThreadFactory threads, Function<List<I>, CompletionStage<? extends List<O>>> call) {
        this.name = name;
        this.call = call;
        this.sender = threads.newThread(this::run);
        sender.setName("chorus-" + name);
        sender.start();
    }

    /** {@code item}'s answer, to be awaited within {@code budget} (the caller's {@link Deadline}). */
    CompletableFuture<O> submit(I item, Duration budget) {
        CompletableFuture<O> answer = new CompletableFuture<>();
        if (!running) {
            answer.completeExceptionally(stopping());
            return answer;
        }
        queue.add(new Request<>(item, System.nanoTime() + budget.toNanos(), answer));
        return answer;
    }

    void stop() {
        running = false;
        sender.interrupt();
        for (Request<I, O> left = queue.poll(); left != null; left = queue.poll()) {
            left.answer().completeExceptionally(stopping());
        }
    }

    private static WritesRefusedException stopping() {
        return new WritesRefusedException("This member is stopping; nothing was stored.");
    }

    private void run() {
        List<Request<I, O>> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                long now = System.nanoTime();
                batch.removeIf(r -> {
                    if (r.endNanos() - now > 0) {
                        return false;
                    }
                    r.answer().completeExceptionally(new WritesRefusedException("The post waited its budget out"
                            + " before its turn; nothing was stored. Retry with the same id."));
                    return true;
                });
                if (!batch.isEmpty()) {
                    send(batch);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // send() answers every request; this is a defect, keep serving
                LOG.log(Level.SEVERE, name + " failed unexpectedly", e);
                batch.forEach(r -> r.answer().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
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
