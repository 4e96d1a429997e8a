package dev.chorus.benchmark;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.Json;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write load the benchmarks run under: N posts per second, each followed by the bot's PATCH. A timer starts
 * each write on time and four threads carry them out, so writes slowed by the load under measurement do not
 * lower the rate (one thread doing both would fall to a fraction of it).
 */
final class BackgroundWriter implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService writers = Executors.newFixedThreadPool(4);
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    BackgroundWriter(BoardClient client, int postsPerSecond, String prefix) {
        timer.scheduleAtFixedRate(() -> {
            long n = started.getAndIncrement();
            writers.execute(() -> write(client, prefix + "-" + n, n));
        }, 0, 1_000_000 / postsPerSecond, TimeUnit.MICROSECONDS);
    }

    private void write(BoardClient client, String id, long n) {
        try {
            var reply = client.post(Json.createObjectBuilder().add("id", id).add("username", "writer")
                    .add("text", "background post " + n + " while the pollers run").build(),
                    Map.of("Authorization", "Bearer " + ChorusServer.BOT_TOKEN));
            int patched = reply.status() == 200 ? client.patchProcessed(id, true, ChorusServer.BOT_TOKEN).status() : 0;
            if (patched == 200) {
                written.incrementAndGet();
            } else {
                failed.incrementAndGet();
                System.err.println("background write " + id + ": POST " + reply.status() + ", PATCH " + patched
                        + " " + reply.body());
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            System.err.println("background write " + id + " failed: " + e);
        }
    }

    long written() {
        return written.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        writers.shutdown(); // the writes under way finish: interrupting one would count a write that did not fail
        if (!writers.awaitTermination(10, TimeUnit.SECONDS)) {
            writers.shutdownNow();
        }
    }
}
