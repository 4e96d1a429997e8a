package dev.chorus.infrastructure.batching;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One thread that takes every request queued while it served the previous batch and serves them as one batch:
 * a lone request is a batch of one, served at once, so a quiet member adds no wait; under load a batch is what
 * accumulated during the last one, so the batch grows with the load and the per-request cost falls.
 *
 * <p>Before a batch is served, {@code admit} drops the requests that are no longer wanted (their callers gave up:
 * it answers them itself). {@code serve} must answer every request it is given; should it throw instead (a
 * defect), each request of the batch gets the exception through {@code fail} and the thread keeps serving.
 *
 * @param <T> a queued request, carrying its own way to answer its caller
 */
public final class BatchWorker<T> {
    private static final Logger LOG = Logger.getLogger(BatchWorker.class.getName());

    /** Serves one batch, answering each of its requests; interrupted when the worker stops. */
    @FunctionalInterface
    public interface Serve<T> {
        void serve(List<T> batch) throws InterruptedException;
    }

    private final String name;
    private final int maxBatch;
    private final Predicate<T> admit;
    private final Serve<T> serve;
    private final BiConsumer<T, RuntimeException> fail;
    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    public BatchWorker(String name, int maxBatch, Predicate<T> admit, Serve<T> serve, BiConsumer<T, RuntimeException> fail) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.admit = admit;
        this.serve = serve;
        this.fail = fail;
    }

    /** Starts the thread ({@code chorus-<name>}) from the container's factory. */
    public BatchWorker<T> start(ManagedThreadFactory threads) {
        running = true;
        thread = threads.newThread(this::run);
        thread.setName("chorus-" + name);
        thread.start();
        return this;
    }

    /** False once stopping: a caller then refuses its request itself instead of queueing it. */
    public boolean running() {
        return running;
    }

    public void add(T request) {
        queue.add(request);
    }

    /** Stops the thread and hands every request still queued to {@code refuse}. */
    public void stop(Consumer<T> refuse) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        for (T left = queue.poll(); left != null; left = queue.poll()) {
            refuse.accept(left);
        }
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                batch.removeIf(admit.negate());
                if (!batch.isEmpty()) {
                    serve.serve(batch);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // serve() answers every request; this is a defect, keep serving
                LOG.log(Level.SEVERE, name + " failed unexpectedly", e);
                batch.forEach(request -> fail.accept(request, e));
            } finally {
                batch.clear();
            }
        }
    }
}
