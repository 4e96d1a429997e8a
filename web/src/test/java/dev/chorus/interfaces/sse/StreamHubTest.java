package dev.chorus.interfaces.sse;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.bot.ReplyDraft;
import dev.chorus.application.BoardFeed;
import dev.chorus.application.config.TestSettings;
import dev.chorus.infrastructure.grid.EmbeddedBoard;
import dev.chorus.infrastructure.grid.GridMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live-push hub on a two-member embedded cluster, its connections faked at the servlet API
 * ({@link FakeStream}): every subscriber gets each committed message once, in cursor order, whichever member
 * the message was posted on and whether it subscribed from a cursor in the past or from "now".
 */
class StreamHubTest {
    private static final int POSTS = 40;
    private EmbeddedBoard grid;
    private final List<StreamHub> hubs = new ArrayList<>();

    @BeforeEach
    void start() {
        grid = EmbeddedBoard.start(StreamHubTest.class, 2);
    }

    @AfterEach
    void stop() {
        hubs.forEach(StreamHub::stop);
        grid.close();
    }

    /** The hub as the container builds it on {@code member}; the one place that names its injected fields. */
    private StreamHub hub(GridMember member) {
        StreamHub hub = new StreamHub();
        hub.feed = new BoardFeed(member.board, member.replica, member.drafts, member.visibility);
        hub.settings = new StreamSettings(TestSettings.defaults());
        hub.threads = GridMember.threads("chorus-test-stream-pump");
        hub.metrics = FakeStream.metrics();
        hub.start();
        hubs.add(hub);
        return hub;
    }

    @Test
    void everySubscriberGetsEachCommittedMessageOnceInOrder() throws Exception {
        GridMember a = grid.member(0);
        GridMember b = grid.member(1);
        Message first = a.board.post(human("before-0"), () -> { }).message();
        b.board.post(human("before-1"), () -> { });
        StreamHub hubA = hub(a);
        StreamHub hubB = hub(b);
        FakeStream fromStart = new FakeStream();
        FakeStream fromNowOnA = new FakeStream();
        FakeStream fromNowOnB = new FakeStream();
        FakeStream alsoFromNowOnA = new FakeStream(); // at the same cursor as fromNowOnA: they share the hub's reads
        hubA.subscribe(fromStart.async(), first.timestamp() - 1, null, "127.0.0.1");
        hubA.subscribe(fromNowOnA.async(), null, null, "127.0.0.1");
        hubA.subscribe(alsoFromNowOnA.async(), null, null, "127.0.0.3");
        hubB.subscribe(fromNowOnB.async(), null, null, "127.0.0.2");
        Awaitility.await("every stream connected").atMost(Duration.ofSeconds(10))
                .until(() -> fromNowOnA.comments() > 0 && fromNowOnB.comments() > 0 && fromStart.comments() > 0
                        && alsoFromNowOnA.comments() > 0);

        // two writers at once, one per member: the streams must not depend on who posted or when
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (GridMember writer : List.of(a, b)) {
                String prefix = writer == a ? "a-" : "b-";
                done.add(writers.submit(() -> {
                    for (int i = 0; i < POSTS / 2; i++) {
                        writer.board.post(human(prefix + i), () -> { });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        // Each post was acknowledged once its own member showed it; member a shows b's last ones within a second.
        Awaitility.await("member a shows every post").atMost(Duration.ofSeconds(5))
                .until(() -> a.board.after(first.timestamp() - 1, null, 100).size() == POSTS + 2);
        List<String> expected = new ArrayList<>(a.board.after(first.timestamp() - 1, null, 100).stream()
                .map(m -> m.id().value()).toList());
        Collections.reverse(expected); // after() answers newest first
        assertEquals(POSTS + 2, expected.size());

        for (FakeStream stream : List.of(fromStart, fromNowOnA, alsoFromNowOnA, fromNowOnB)) {
            int wanted = stream == fromStart ? POSTS + 2 : POSTS;
            Awaitility.await("all messages pushed").atMost(Duration.ofSeconds(20))
                    .until(() -> stream.events().size() >= wanted);
            List<FakeStream.Event> events = stream.events();
            assertEquals(expected.subList(expected.size() - wanted, expected.size()),
                    events.stream().map(FakeStream.Event::messageId).toList(), "each once, in cursor order");
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).cursor() > events.get(i - 1).cursor(), "event ids increase");
            }
        }
    }

    /**
     * Drafts published on one member reach the streams of both, as {@code draft} events without an SSE id (so the
     * cursor never moves), and a draft whose generating member crashes is withdrawn by the member that stays.
     */
    @Test
    void draftsReachEveryMembersStreamsWithoutIdsAndAreWithdrawnWhenTheirMemberDies() throws Exception {
        GridMember a = grid.member(0);
        GridMember b = grid.member(1);
        StreamHub hubA = hub(a);
        StreamHub hubB = hub(b);
        FakeStream onA = new FakeStream();
        FakeStream onB = new FakeStream();
        FakeStream humansOnly = new FakeStream();
        hubA.subscribe(onA.async(), null, null, "127.0.0.1");
        hubB.subscribe(onB.async(), null, null, "127.0.0.2");
        hubB.subscribe(humansOnly.async(), null, MessageType.HUMAN, "127.0.0.3");
        Awaitility.await("every stream connected").atMost(Duration.ofSeconds(10))
                .until(() -> onA.comments() > 0 && onB.comments() > 0 && humansOnly.comments() > 0);

        ReplyDraft started = ReplyDraft.started("m1", "1", "sage", "Sage", "080215225", a.memberId());
        a.drafts.publish(started);
        a.drafts.publish(started.withText("High"));
        a.drafts.publish(started.withText("High").withText("High tide"));
        for (FakeStream stream : List.of(onA, onB)) {
            Awaitility.await("the draft grew on both members").atMost(Duration.ofSeconds(10))
                    .until(() -> stream.text().contains("\"text\":\"High tide\""));
            assertTrue(stream.text().contains("event: draft\ndata: {\"draft\":\"m1/1\",\"replyTo\":\"m1\","
                    + "\"entity\":\"sage\",\"username\":\"Sage\",\"color\":\"080215225\""), stream.text());
            assertFalse(stream.text().contains("id:"), "a draft is never a cursor: " + stream.text());
        }

        ReplyDraft other = ReplyDraft.started("m2", "1", "sage", "Sage", "080215225", a.memberId());
        a.drafts.publish(other.withText("Low"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onB.text().contains("\"text\":\"Low\""));
        grid.crash(a);
        Awaitility.await("the dead member's drafts withdrawn").atMost(Duration.ofSeconds(20))
                .until(() -> onB.text().contains("event: draft-end\ndata: {\"draft\":\"m1/1\"")
                        && onB.text().contains("event: draft-end\ndata: {\"draft\":\"m2/1\""));
        assertTrue(onB.text().contains("\"reason\":\"member-left\""), onB.text());
        assertFalse(humansOnly.text().contains("draft"), "a stream of human messages shows no drafts");
    }
}
