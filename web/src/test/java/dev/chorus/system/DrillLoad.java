package dev.chorus.system;

import dev.chorus.support.BoardClient;
import dev.chorus.support.ChorusServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a busy board sees during a fault drill: on every member one poster (every fourth post addressed to a
 * persona) and one poller following its own {@code after=} cursor, as clients do. Records what was acknowledged
 * (2xx), what was refused, the slowest POST, and how often each poller saw each message.
 */
final class DrillLoad implements AutoCloseable {
    static final String PERSONA = "drill";
    /** How long a poster waits for a POST's answer before it counts the post as unanswered. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final List<ChorusServer> members;
    private final AtomicBoolean posting = new AtomicBoolean(true);
    private final AtomicBoolean polling = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> personaAcknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<AtomicLong> slowestPostMillis = new ArrayList<>();
    private final List<Map<String, Integer>> seen = new ArrayList<>();
    private final String round;

    DrillLoad(List<ChorusServer> members, String round) {
        this.members = members;
        this.round = round;
        for (int i = 0; i < members.size(); i++) {
            seen.add(new ConcurrentHashMap<>());
            slowestPostMillis.add(new AtomicLong());
        }
    }

    void start() {
        for (int i = 0; i < members.size(); i++) {
            int member = i;
            threads.add(new Thread(() -> post(member), "poster-" + i));
            threads.add(new Thread(() -> poll(member), "poller-" + i));
        }
        for (Thread thread : threads) {
            thread.start();
        }
    }

    private void post(int member) {
        BoardClient client = members.get(member).client();
        for (int n = 0; posting.get(); n++) {
            String id = round + "-m" + member + "-" + n;
            boolean persona = n % 4 == 3;
            JsonObjectBuilder body = Json.createObjectBuilder().add("id", id).add("text", "drill post " + n)
                    .add("username", "poster" + member);
            if (persona) {
                body.add("botParams", Json.createObjectBuilder().add("entity", PERSONA));
            }
            long start = System.nanoTime();
            try {
                var reply = client.send(client.request("/api/comments").timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.build().toString())));
                slowestPostMillis.get(member).accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                if (reply.status() == 200 || reply.status() == 201) {
                    acknowledged.add(id);
                    if (persona) {
                        personaAcknowledged.add(id);
                    }
                } else if (reply.status() == 503) {
                    refused.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            } catch (UncheckedIOException e) {
                // a paused member: no answer within the client's timeout; nothing was acknowledged
                slowestPostMillis.get(member).accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                refused.incrementAndGet();
            }
            sleep(60);
        }
    }

    private void poll(int member) {
        BoardClient client = members.get(member).client();
        long cursor = 0;
        while (polling.get()) {
            try {
                var reply = client.send(client.request("/api/comments?after=" + cursor + "&limit=200")
                        .timeout(Duration.ofSeconds(5)).GET());
                if (reply.status() == 200) {
                    for (JsonObject message : reply.array().getValuesAs(JsonObject.class)) {
                        seen.get(member).merge(message.getString("id"), 1, Integer::sum);
                        cursor = Math.max(cursor, message.getJsonNumber("timestamp").longValue());
                    }
                }
            } catch (UncheckedIOException e) {
                // paused or unreachable: try again
            }
            sleep(100);
        }
    }

    /** Stops posting; pollers go on until {@link #close()}. */
    void stopPosting() throws InterruptedException {
        posting.set(false);
        for (Thread thread : threads) {
            if (thread.getName().startsWith("poster")) {
                thread.join();
            }
        }
    }

    /** Waits until every poller has seen every acknowledged message; false on timeout. */
    boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (seen.stream().allMatch(s -> s.keySet().containsAll(acknowledged))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * How long until every poller has seen every message acknowledged so far (ms, measured from this call:
     * call it at the heal), or -1 after {@code timeout}.
     */
    long millisUntilAllSeen(Duration timeout) throws InterruptedException {
        Set<String> sofar = Set.copyOf(acknowledged);
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (seen.stream().allMatch(s -> s.keySet().containsAll(sofar))) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /** Acknowledged messages poller {@code member} has not seen. */
    List<String> missedBy(int member) {
        return acknowledged.stream().filter(id -> !seen.get(member).containsKey(id)).sorted().toList();
    }

    /** Messages poller {@code member} received more than once. */
    List<String> repeatedTo(int member) {
        return seen.get(member).entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    Set<String> acknowledged() {
        return acknowledged;
    }

    /** How many posts to {@code member} were acknowledged so far. */
    long acknowledgedBy(int member) {
        String prefix = round + "-m" + member + "-";
        return acknowledged.stream().filter(id -> id.startsWith(prefix)).count();
    }

    Set<String> personaAcknowledged() {
        return personaAcknowledged;
    }

    int refused() {
        return refused.get();
    }

    int failed() {
        return failed.get();
    }

    /** The slowest POST answer (or client timeout) seen by the poster of {@code member}. */
    long slowestPostMillis(int member) {
        return slowestPostMillis.get(member).get();
    }

    @Override
    public void close() throws InterruptedException {
        posting.set(false);
        polling.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
