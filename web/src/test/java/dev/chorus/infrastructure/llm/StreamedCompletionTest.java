package dev.chorus.infrastructure.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.StreamingLlmStub;
import dev.chorus.support.StreamingLlmStub.Script;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streamed completions over real HTTP ({@link AbstractHttpLlmTransport#streamChatCompletion}, the production parser
 * {@link CompletionStream}) against the streaming stub: the text grows chunk by chunk, a cut stream and a stream
 * that outlasts the read timeout are failures of the kinds a non-streamed call has, a server that does not stream is
 * read the old way.
 */
class StreamedCompletionTest {
    private static StreamingLlmStub stub;
    private static JdkHttpLlmTransport transport;

    @BeforeAll
    static void start() throws Exception {
        stub = StreamingLlmStub.start("grow-model", "cut-model", "json-model", "slow-model", "empty-model",
                "trickle-model");
        stub.script("grow-model", Script.streamed(30, "Pul", "sars ", "spin ", "fast."));
        stub.script("cut-model", Script.cut(30, 2, "Half ", "a ", "reply."));
        stub.script("json-model", Script.notStreamed(10, "All at once."));
        stub.script("slow-model", Script.streamed(400, "one ", "two ", "three ", "four"));
        stub.script("empty-model", Script.streamed(10, "", ""));
        stub.script("trickle-model", Script.trickle(200));
        transport = new JdkHttpLlmTransport(new LlmSettings(List.of(stub.baseUrl()), true, 1, Duration.ofMillis(900),
                Duration.ofSeconds(1), Duration.ofMillis(500), 3, Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private static ChatCompletionRequest request(String model) {
        return new ChatCompletionRequest(model, List.of(new ChatCompletionRequest.Message("user", "hi")),
                null, null, null, null, null, null, true);
    }

    @Test
    void theTextGrowsChunkByChunkAndTheAnswerIsTheWhole() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ChatCompletionResponse r = transport.streamChatCompletion(stub.baseUrl(), request("grow-model"), t -> seen.add(t.toString()));
        assertEquals(List.of("Pul", "Pulsars ", "Pulsars spin ", "Pulsars spin fast."), seen);
        assertEquals("Pulsars spin fast.", r.firstContent());
        assertEquals("stop", r.firstFinishReason());
        assertEquals("grow-model", r.model());
    }

    @Test
    void aStreamCutBeforeDoneIsAnIoErrorAfterShowingWhatArrived() {
        List<String> seen = new CopyOnWriteArrayList<>();
        LlmFailure f = assertThrows(LlmFailure.class,
                () -> transport.streamChatCompletion(stub.baseUrl(), request("cut-model"), t -> seen.add(t.toString())));
        assertEquals(LlmFailure.Kind.IO_ERROR, f.kind(), f.getMessage());
        assertTrue(f.isServerFault(), "a cut stream counts against the server's breaker");
        assertEquals(List.of("Half ", "Half a "), seen);
    }

    @Test
    void aServerThatDoesNotStreamIsReadTheOldWay() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ChatCompletionResponse r = transport.streamChatCompletion(stub.baseUrl(), request("json-model"), t -> seen.add(t.toString()));
        assertEquals("All at once.", r.firstContent());
        assertEquals(List.of("All at once."), seen);
    }

    @Test
    void aStreamMustEndWithinTheReadTimeoutAsAWhole() {
        LlmFailure f = assertThrows(LlmFailure.class,
                () -> transport.streamChatCompletion(stub.baseUrl(), request("slow-model"), text -> { }));
        assertEquals(LlmFailure.Kind.TIMEOUT, f.kind(), f.getMessage());
    }

    /**
     * A byte every 200 ms and never a line end: every wait is far shorter than the 900 ms read timeout, so only the
     * deadline timer ends the call. Before it, the call ran as long as the server trickled (a minute here, for ever
     * in the wild), holding its slot past the bot's lease.
     */
    @Test
    void aServerTricklingALineThatNeverEndsIsCutAtTheDeadline() {
        long started = System.nanoTime();
        LlmFailure f = assertThrows(LlmFailure.class,
                () -> transport.streamChatCompletion(stub.baseUrl(), request("trickle-model"), text -> { }));
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(LlmFailure.Kind.TIMEOUT, f.kind(), f.getMessage());
        assertTrue(tookMillis < 10_000,
                "ended at the 900 ms deadline, not when the server stopped: " + tookMillis + " ms");
    }

    @Test
    void aLineOrACompletionPastItsLimitIsMalformedNotMemory() {
        URI server = URI.create("http://127.0.0.1:1/v1");
        String longLine = "data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(CompletionStream.MAX_LINE_CHARS)
                + "\"}}]}\n\n";
        LlmFailure line = assertThrows(LlmFailure.class, () -> new CompletionStream(server, 1_000_000_000L,
                new AtomicLong()::get, t -> { }).read(body(longLine)));
        assertEquals(LlmFailure.Kind.MALFORMED, line.kind(), line.getMessage());

        String chunk = "data: {\"choices\":[{\"delta\":{\"content\":\"" + "y".repeat(1000) + "\"}}]}\n\n";
        String many = chunk.repeat(CompletionStream.MAX_TEXT_CHARS / 1000 + 1) + "data: [DONE]\n\n";
        List<Integer> lengths = new CopyOnWriteArrayList<>();
        LlmFailure text = assertThrows(LlmFailure.class, () -> new CompletionStream(server, 1_000_000_000L,
                new AtomicLong()::get, t -> lengths.add(t.length())).read(body(many)));
        assertEquals(LlmFailure.Kind.MALFORMED, text.kind(), text.getMessage());
        assertTrue(lengths.get(lengths.size() - 1) <= CompletionStream.MAX_TEXT_CHARS);
    }

    @Test
    void linesMayEndWithCarriageReturnsAsSseAllows() throws Exception {
        ChatCompletionResponse r = new CompletionStream(URI.create("http://127.0.0.1:1/v1"), 1_000_000_000L,
                new AtomicLong()::get, t -> { }).read(body("data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\r\n\r\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"B\"}}]}\r\rdata: [DONE]\r\n"));
        assertEquals("AB", r.firstContent());
    }

    @Test
    void aStreamWithoutTextIsAnEmptyCompletion() {
        LlmFailure f = assertThrows(LlmFailure.class,
                () -> transport.streamChatCompletion(stub.baseUrl(), request("empty-model"), text -> { }));
        assertEquals(LlmFailure.Kind.EMPTY, f.kind(), f.getMessage());
    }

    @Test
    void chunksThatAreNotJsonOrCarryAnErrorAreClassified() {
        URI server = URI.create("http://127.0.0.1:1/v1");
        AtomicLong clock = new AtomicLong();
        LlmFailure malformed = assertThrows(LlmFailure.class, () -> new CompletionStream(server, 1_000_000_000L,
                clock::get, t -> { }).read(body("data: {not json\n\n")));
        assertEquals(LlmFailure.Kind.MALFORMED, malformed.kind());
        LlmFailure missing = assertThrows(LlmFailure.class, () -> new CompletionStream(server, 1_000_000_000L,
                clock::get, t -> { }).read(body("data: {\"error\":{\"message\":\"model 'x' not found\",\"code\":\"model_not_found\"}}\n\n")));
        assertEquals(LlmFailure.Kind.MODEL_NOT_FOUND, missing.kind());
    }

    @Test
    void aStreamThatEndsAfterItsFinishReasonWithoutDoneIsComplete() throws Exception {
        ChatCompletionResponse r = new CompletionStream(URI.create("http://127.0.0.1:1/v1"), 1_000_000_000L,
                new AtomicLong()::get, t -> { }).read(body(": comment\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},"
                + "\"finish_reason\":null}]}\n\ndata: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"));
        assertEquals("Hi", r.firstContent());
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
