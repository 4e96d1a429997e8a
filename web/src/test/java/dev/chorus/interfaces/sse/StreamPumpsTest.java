package dev.chorus.interfaces.sse;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.BoardFeed;
import dev.chorus.application.config.TestSettings;
import dev.chorus.domain.Message;
import dev.chorus.infrastructure.grid.EmbeddedBoard;
import dev.chorus.infrastructure.grid.GridMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub with several pumps ({@code chorus.stream.pumps}), its connections faked ({@link FakeStream}): while
 * two writers post at once and streams join from old cursors, from the middle and from "now", each stream of
 * each pump gets every message after its cursor exactly once and in order; and a stream that stops taking bytes
 * is written nothing more, whatever is posted, until it is dropped.
 */
class StreamPumpsTest {
    private static final int PUMPS = 4;
    private EmbeddedBoard grid;
    private StreamHub hub;

    @BeforeEach
    void start() {
        grid = EmbeddedBoard.start(StreamPumpsTest.class, 1);
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.stop();
        }
        grid.close();
    }

    /** A small batch, so streams from old cursors need several rounds while new messages arrive. */
    private StreamHub hub(GridMember member, Map<String, String> settings) {
        StreamHub hub = new StreamHub();
        hub.feed = new BoardFeed(member.board, member.replica, member.drafts, member.visibility);
        Map<String, String> all = new LinkedHashMap<>(Map.of(StreamSettings.PUMPS, String.valueOf(PUMPS),
                StreamSettings.BATCH, "7"));
        all.putAll(settings);
        hub.settings = new StreamSettings(TestSettings.with(all));
        hub.threads = GridMember.threads("chorus-test-stream-pump");
        hub.metrics = FakeStream.metrics();
        hub.start();
        return hub;
    }

    /** Every message of the board after {@code cursor}, oldest first. */
    private static List<String> after(GridMember member, long cursor) {
        List<String> ids = new ArrayList<>(member.board.after(cursor, null, 500).stream()
                .map(m -> m.id().value()).toList());
        Collections.reverse(ids);
        return ids;
    }

    @Test
    void everyStreamOfEveryPumpGetsEachMessageOnceInOrder() throws Exception {
        GridMember member = grid.member(0);
        List<Message> before = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            before.add(member.board.post(human("before-" + i), () -> { }).message());
        }
        hub = hub(member, Map.of());
        Map<FakeStream, Long> cursors = new LinkedHashMap<>();
        for (int i = 0; i < 24; i++) {
            FakeStream stream = new FakeStream();
            Long cursor = switch (i % 3) {
                case 0 -> before.get(0).timestamp() - 1; // the whole board
                case 1 -> before.get(15).timestamp();    // from the middle
                default -> null;                          // from now
            };
            cursors.put(stream, cursor != null ? cursor : before.get(before.size() - 1).timestamp()); // now: the newest
            hub.subscribe(stream.async(), cursor, null, "127.0.0." + i);
        }

        ExecutorService writers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String prefix : List.of("a-", "b-")) {
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        member.board.post(human(prefix + i), () -> { });
                    }
                    return null;
                }));
            }
            done.add(writers.submit(() -> { // streams that join while the writers post, each on some pump
                for (int i = 0; i < 8; i++) {
                    FakeStream stream = new FakeStream();
                    cursors.put(stream, before.get(0).timestamp() - 1);
                    hub.subscribe(stream.async(), before.get(0).timestamp() - 1, null, "127.0.1." + i);
                    Thread.sleep(10);
                }
                return null;
            }));
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertEquals(110, after(member, before.get(0).timestamp() - 1).size());

        for (Map.Entry<FakeStream, Long> entry : cursors.entrySet()) {
            FakeStream stream = entry.getKey();
            List<String> expected = after(member, entry.getValue());
            Awaitility.await("all messages pushed").atMost(Duration.ofSeconds(20))
                    .until(() -> stream.events().size() >= expected.size());
            List<FakeStream.Event> events = stream.events();
            assertEquals(expected, events.stream().map(FakeStream.Event::messageId).toList(), "each once, in order");
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).cursor() > events.get(i - 1).cursor(), "event ids increase");
            }
        }
        List<Integer> loads = hub.pumpLoads();
        assertEquals(PUMPS, loads.size());
        assertEquals(32, loads.stream().mapToInt(Integer::intValue).sum());
        assertTrue(loads.stream().allMatch(load -> load >= 32 / PUMPS - 2), "even shares: " + loads);
    }

    @Test
    void aStreamThatTakesNoBytesIsWrittenNothingMoreUntilItIsDropped() throws Exception {
        GridMember member = grid.member(0);
        Message first = null;
        for (int i = 0; i < 50; i++) {
            Message m = member.board.post(human("history-" + i), () -> { }).message();
            first = first == null ? m : first;
        }
        hub = hub(member, Map.of(StreamSettings.STALL_MILLIS, "1500", StreamSettings.WRITE_QUEUE_BYTES, "4096"));
        FakeStream stalled = new FakeStream();
        stalled.takesWrites(3); // the "connected" comment and two rounds of history (7 each), then it is full
        FakeStream reader = new FakeStream();
        hub.subscribe(stalled.async(), first.timestamp() - 1, null, "127.0.0.1");
        hub.subscribe(reader.async(), null, null, "127.0.0.2");
        Awaitility.await("the stalled stream's buffer is full").atMost(Duration.ofSeconds(10))
                .until(() -> stalled.writes() == 3);

        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            posted.add(member.board.post(human("live-" + i), () -> { }).message().id().value());
            Thread.sleep(50);
            assertEquals(3, stalled.writes(), "no write to a connection that takes no bytes");
        }
        Awaitility.await("the reader got every post").atMost(Duration.ofSeconds(10))
                .until(() -> reader.events().size() >= posted.size());
        assertEquals(posted, reader.events().stream().map(FakeStream.Event::messageId).toList());
        Awaitility.await("the stalled stream dropped").atMost(Duration.ofSeconds(10))
                .until(() -> stalled.completed() && hub.dropped() == 1);
        assertEquals(3, stalled.writes());
        assertTrue(stalled.events().size() > 2, "history in chunks, not one event per write: "
                + stalled.events().size() + " events in " + (stalled.writes() - 1) + " writes");
        Awaitility.await("its slot freed").atMost(Duration.ofSeconds(5)).until(() -> hub.subscribers() == 1);
    }
}
