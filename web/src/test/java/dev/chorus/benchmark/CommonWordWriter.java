package dev.chorus.benchmark;

import dev.chorus.support.BoardClient;
import jakarta.json.Json;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts 20 messages a second while a benchmark searches, every other one containing the common word: the
 * searches' totals must keep counting them (a kept count that stopped following the board would be cheap and
 * wrong). Every post must be acknowledged; {@link #close} stops and rethrows what went wrong.
 */
final class CommonWordWriter implements AutoCloseable {
    private static final long EVERY_MILLIS = 50;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final Thread thread;
    private volatile RuntimeException failure;

    private CommonWordWriter(BoardClient client) {
        thread = new Thread(() -> run(client), "common-word-writer");
        thread.setDaemon(true);
    }

    static CommonWordWriter start(BoardClient client) {
        CommonWordWriter writer = new CommonWordWriter(client);
        writer.thread.start();
        return writer;
    }

    int acknowledged() {
        return acknowledged.get();
    }

    private void run(BoardClient client) {
        try {
            for (int i = 0; !stop.get(); i++) {
                long next = System.nanoTime() + EVERY_MILLIS * 1_000_000;
                String text = i % 2 == 0 ? "fresh " + MillionRows.COMMON_WORD + " number " + i : "plain tea number " + i;
                BoardClient.Reply reply = client.post(Json.createObjectBuilder().add("id", "writer-" + System.nanoTime())
                        .add("text", text).add("username", "writer").build());
                if (reply.status() != 200) {
                    throw new IllegalStateException("post refused: " + reply.status() + " " + reply.body());
                }
                acknowledged.incrementAndGet();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the writer's pace, not a wait for a result
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(15_000);
        if (failure != null) {
            throw failure;
        }
    }
}
