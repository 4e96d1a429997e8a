package dev.chorus.bot;

import static dev.chorus.bot.BotFixtures.postPersona;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.support.ChorusMembers;
import dev.chorus.support.ChorusServer;
import dev.chorus.support.StreamingLlmStub;
import dev.chorus.support.StreamingLlmStub.Script;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Draft latency across members: from a chunk leaving the streaming LLM stub to its {@code draft} event read by a
 * live-push subscriber on the member that is not generating, with {@value #SUBSCRIBERS} subscribers connected
 * (half on each member; all of them read). {@value #REPLIES} replies of {@value #CHUNKS} chunks, one every
 * {@value #CHUNK_MILLIS} ms (above the drafts' 100 ms pacing, so every chunk makes a draft). Run only with
 * {@code mvn -Pbenchmark verify -Dit.test=DraftLatencyBenchmark}; prints p50/p95/p99/max.
 */
class DraftLatencyBenchmark {
    static final int SUBSCRIBERS = Integer.getInteger("chorus.bench.subscribers", 1000);
    static final int REPLIES = Integer.getInteger("chorus.bench.replies", 10);
    static final int CHUNKS = 20;
    static final int CHUNK_MILLIS = 150;
    private static final Pattern DRAFT = Pattern.compile("^data: \\{\"draft\":.*\"text\":\"(.*)\"}$");
    private static final Pattern CLAIMS = Pattern.compile("(?m)^chorus_bot_claims_total\\S*\\s+([0-9.]+)");

    @RegisterExtension
    static final ChorusMembers chorus = ChorusMembers.two().startedByTheTest();

    private static StreamingLlmStub stub;
    private static Path dir;

    /** A draft's text as one subscriber read it, and when. */
    private record Read(int member, String text, long nanos) {
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("chorus-draft-bench-");
        stub = StreamingLlmStub.start("bench-model");
        String[] chunks = new String[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            chunks[i] = "word" + i + " ";
        }
        stub.script("bench-model", Script.streamed(CHUNK_MILLIS, chunks));
        Path entities = BotFixtures.entitiesFile(dir, "bench-model");
        chorus.start(BotFixtures.env(entities, stub.baseUrl().toString(), Map.of(
                "CHORUS_STREAM_MAX_PER_ADDRESS", String.valueOf(SUBSCRIBERS),
                "CHORUS_STREAM_MAX_SUBSCRIBERS", String.valueOf(SUBSCRIBERS),
                "CHORUS_LLM_READ_TIMEOUT_SECONDS", "30")));
    }

    @AfterAll
    static void stop() throws Exception {
        BotFixtures.tearDown(dir, stub);
    }

    @Test
    void chunkAtTheStubToDraftEventOnTheOtherMember() throws Exception {
        List<ChorusServer> members = chorus.all();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Queue<Read> reads = new ConcurrentLinkedQueue<>();
        AtomicInteger connected = new AtomicInteger();
        List<Flow.Subscription> open = new CopyOnWriteArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            int member = i % 2;
            HttpRequest request = HttpRequest.newBuilder(members.get(member).baseUri().resolve("/api/stream"))
                    .header("Accept", "text/event-stream").GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    open.add(subscription);
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    long now = System.nanoTime();
                    if (line.startsWith(": connected")) {
                        connected.incrementAndGet();
                    }
                    Matcher m = DRAFT.matcher(line);
                    if (m.matches()) {
                        reads.add(new Read(member, m.group(1), now));
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                    // a benchmark subscriber that drops out just stops counting
                }

                @Override
                public void onComplete() {
                }
            }));
        }
        Awaitility.await("every subscriber connected").atMost(Duration.ofMinutes(2))
                .until(() -> connected.get() >= SUBSCRIBERS);

        List<Long> otherMember = new ArrayList<>();
        List<Long> sameMember = new ArrayList<>();
        for (int r = 0; r < REPLIES; r++) {
            double[] before = {claims(members.get(0)), claims(members.get(1))};
            int sentBefore = stub.sent().size();
            reads.clear();
            postPersona(members.get(r % 2).client(), "bench-" + r, "bench", "talk to me " + r);
            String last = lastText();
            Awaitility.await("the last draft at nearly every subscriber").atMost(Duration.ofSeconds(60))
                    .until(() -> reads.stream().filter(x -> x.text().equals(last)).count() >= SUBSCRIBERS * 9L / 10);
            TimeUnit.MILLISECONDS.sleep(1000); // bounded: the stragglers' last drafts, if they come
            int generating = claims(members.get(0)) > before[0] ? 0 : 1;
            List<StreamingLlmStub.Sent> chunks = stub.sent().subList(sentBefore, stub.sent().size());
            for (Read read : reads) {
                for (StreamingLlmStub.Sent chunk : chunks) {
                    if (chunk.textSoFar().strip().equals(read.text())) {
                        (read.member() == generating ? sameMember : otherMember).add(read.nanos() - chunk.nanos());
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        open.forEach(Flow.Subscription::cancel);
        String report = "DraftLatencyBenchmark: " + REPLIES + " replies x " + CHUNKS + " chunks, " + SUBSCRIBERS
                + " subscribers (half per member); chunk leaves the stub -> draft event read\n"
                + "  on the other member: " + summary(otherMember) + "\n"
                + "  on the generating member: " + summary(sameMember) + "\n"
                + "  cores: " + Runtime.getRuntime().availableProcessors();
        System.out.println(report);
        long expected = (long) REPLIES * CHUNKS * (SUBSCRIBERS / 2);
        assertTrue(otherMember.size() >= expected * 9 / 10, "at least 90% of the chunks reached every subscriber on "
                + "the other member as drafts (a reader may miss some, never a message): " + otherMember.size()
                + " of " + expected);
    }

    private static String lastText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < CHUNKS; i++) {
            text.append("word").append(i).append(' ');
        }
        return text.toString().strip();
    }

    private static double claims(ChorusServer member) {
        Matcher m = CLAIMS.matcher(member.client().get("/metrics?scope=application").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no samples";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", ms(sorted, 50),
                ms(sorted, 95), ms(sorted, 99), ms(sorted, 100), sorted.size());
    }

    private static double ms(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1_000_000.0;
    }
}
