package dev.chorus.infrastructure.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.WritesRefusedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One member's concurrent calls made as one: what arrives while a call is in flight goes together in the next,
 * each caller gets its own answer, a caller whose budget ran out in the queue is not sent, and a failed call
 * fails each of its callers.
 */
class CoalescerTest {
    private final List<List<Integer>> calls = new CopyOnWriteArrayList<>();
    private Coalescer<Integer, String> coalescer;

    @AfterEach
    void stop() {
        if (coalescer != null) {
            coalescer.stop();
        }
    }

    /**
     * A coalescer whose first call answers only when {@code firstAnswer} completes (later calls answer at once,
     * "answer N" for item N), and its first request, sent: what is submitted next queues behind it.
     */
    private CompletableFuture<String> submitHeldFirstCall(CompletableFuture<List<String>> firstAnswer)
            throws InterruptedException {
        CountDownLatch firstSent = new CountDownLatch(1);
        coalescer = new Coalescer<>("test", GridMember.threads("coalescer-test"), items -> {
            calls.add(items);
            if (calls.size() == 1) {
                firstSent.countDown();
                return firstAnswer;
            }
            return CompletableFuture.completedFuture(items.stream().map(i -> "answer " + i).toList());
        });
        CompletableFuture<String> first = coalescer.submit(0, Duration.ofSeconds(10));
        assertTrue(firstSent.await(5, TimeUnit.SECONDS), "a lone request is sent at once");
        return first;
    }

    @Test
    void whatArrivesWhileACallIsInFlightGoesInTheNextCallAndEachCallerGetsItsOwnAnswer() throws Exception {
        CompletableFuture<List<String>> firstAnswer = new CompletableFuture<>();
        CompletableFuture<String> lone = submitHeldFirstCall(firstAnswer);
        @SuppressWarnings("unchecked")
        CompletableFuture<String>[] queued = new CompletableFuture[41];
        IntStream.rangeClosed(1, 40).parallel().forEach(i -> queued[i] = coalescer.submit(i, Duration.ofSeconds(10)));
        firstAnswer.complete(List.of("answer 0"));

        assertEquals("answer 0", lone.get(5, TimeUnit.SECONDS));
        for (int i = 1; i <= 40; i++) {
            assertEquals("answer " + i, queued[i].get(5, TimeUnit.SECONDS), "each caller gets its own answer");
        }
        assertEquals(2, calls.size(), "the forty queued behind the first call went as one");
        assertEquals(40, calls.get(1).size());
    }

    @Test
    void aRequestWhoseBudgetRanOutInTheQueueIsNotSent() throws Exception {
        CompletableFuture<List<String>> firstAnswer = new CompletableFuture<>();
        submitHeldFirstCall(firstAnswer);
        CompletableFuture<String> expired = coalescer.submit(1, Duration.ofMillis(50));
        CompletableFuture<String> waiting = coalescer.submit(2, Duration.ofSeconds(10));
        Thread.sleep(200);
        firstAnswer.complete(List.of("answer 0"));

        assertEquals("answer 2", waiting.get(5, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> expired.get(5, TimeUnit.SECONDS));
        assertInstanceOf(WritesRefusedException.class, e.getCause());
        assertEquals(List.of(2), calls.get(1), "the expired request was never sent");
    }

    @Test
    void aFailedCallFailsEachOfItsCallersWithItsCause() {
        IllegalStateException failure = new IllegalStateException("the owner refused");
        coalescer = new Coalescer<>("test", GridMember.threads("coalescer-test"),
                items -> CompletableFuture.failedFuture(failure));
        CompletableFuture<String> answer = coalescer.submit(1, Duration.ofSeconds(10));
        ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
        assertEquals(failure, e.getCause());
    }
}
