package dev.chorus.interfaces.sse;

import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.application.BoardFeed;
import dev.chorus.application.config.TestSettings;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.UserFilter;
import dev.chorus.infrastructure.grid.EmbeddedBoard;
import dev.chorus.infrastructure.grid.GridMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hiding a message on one member of a two-member embedded cluster: the other member's polls, pages, counts and the
 * database's searches leave it out at once, its open stream gets a {@code hidden} event and then goes on with the
 * next message (no skip, no repeat), and restoring brings it back at its place, the open stream told with a
 * {@code restored} event that carries the message.
 */
class HiddenMessagesTest {
    private EmbeddedBoard grid;
    private StreamHub hub;

    @BeforeEach
    void start() {
        grid = EmbeddedBoard.start(HiddenMessagesTest.class, 2);
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.stop();
        }
        grid.close();
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).toList();
    }

    @Test
    void hiddenOnOneMemberIsGoneEverywhereAndTheStreamIsToldOnce() throws Exception {
        GridMember a = grid.member(0);
        GridMember b = grid.member(1);
        List<Message> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.add(a.board.post(message("h-" + i).text("spam " + i).username("sam").build(), () -> { }).message());
        }
        hub = hub(new BoardFeed(b.board, b.replica, b.drafts, b.visibility));
        FakeStream stream = new FakeStream();
        hub.subscribe(stream.async(), posted.get(0).timestamp() - 1, null, "127.0.0.1");
        Awaitility.await("history pushed").atMost(Duration.ofSeconds(10)).until(() -> stream.events().size() == 5);

        MessageId hidden = posted.get(2).id();
        assertTrue(a.board.setHidden(hidden, true).isPresent());
        Awaitility.await("member b's replica left it out").atMost(Duration.ofSeconds(5))
                .until(() -> !ids(b.board.after(0, null, 50)).contains("h-2"));
        assertEquals(List.of("h-4", "h-3", "h-1", "h-0"), ids(b.board.after(0, null, 50)));
        assertEquals(List.of("h-0", "h-1", "h-3", "h-4"), ids(b.board.page(0, 50, null, null).messages()));
        assertEquals(4, b.board.page(0, 50, null, null).total());
        assertEquals(4, a.board.counts().total());
        assertEquals(4, b.board.counts().total());
        assertEquals(4, b.board.page(0, 50, null, "spam").total(), "search scans visible rows only");
        assertFalse(ids(b.board.page(0, 50, null, "spam 2").messages()).contains("h-2"));
        List<UserFilter> sam = List.of(UserFilter.parse("sam"));
        assertEquals(4, grid.history.countByUsers(sam));
        assertFalse(ids(grid.history.byUsers(sam, 0, 50)).contains("h-2"));
        assertEquals(List.of("h-4", "h-3", "h-1", "h-0"), ids(grid.history.after(0, null, 50)));

        Awaitility.await("hidden event").atMost(Duration.ofSeconds(5))
                .until(() -> stream.text().contains("event: hidden\ndata: {\"id\":\"h-2\"}\n\n"));
        Message next = b.board.post(message("h-5").text("after").build(), () -> { }).message();
        Awaitility.await("next message pushed").atMost(Duration.ofSeconds(10))
                .until(() -> stream.events().size() == 6);
        assertEquals(List.of("h-0", "h-1", "h-2", "h-3", "h-4", "h-5"),
                stream.events().stream().map(FakeStream.Event::messageId).toList(), "nothing skipped or repeated");
        assertEquals(1, stream.text().split("event: hidden", -1).length - 1, "told once");
        assertTrue(next.timestamp() > posted.get(4).timestamp());

        assertTrue(b.board.setHidden(hidden, true).isPresent(), "hiding again is no error");
        assertEquals(5, a.board.counts().total(), "and changes no count");

        assertTrue(b.board.setHidden(hidden, false).isPresent());
        Awaitility.await("restored on member a").atMost(Duration.ofSeconds(5))
                .until(() -> ids(a.board.page(0, 50, null, null).messages()).contains("h-2"));
        assertEquals(List.of("h-0", "h-1", "h-2", "h-3", "h-4", "h-5"), ids(a.board.page(0, 50, null, null).messages()));
        assertEquals(6, a.board.counts().total());
        assertEquals(6, grid.history.counts().total());
        Awaitility.await("restored event on the open stream").atMost(Duration.ofSeconds(5))
                .until(() -> stream.text().contains("event: restored\ndata: {\"id\":\"h-2\""));
        assertTrue(stream.text().contains("\"text\":\"spam 2\""), "the restored event carries the message");
        assertEquals(1, stream.text().split("event: restored", -1).length - 1, "told once");
        assertEquals(6, stream.events().size(), "not sent again as a message: the cursor does not move back");
        assertTrue(a.board.setHidden(new MessageId("no-such"), true).isEmpty());
    }

    /**
     * The member's window has not yet taken the restore in when the stream's next read runs (the topic and the
     * window's events travel separately): the read moves the cursor past the restored message, and the stream
     * must still get it, as a {@code restored} event, once.
     */
    @Test
    void aStreamWhoseWindowLagsBehindARestoreStillGetsTheMessage() throws Exception {
        GridMember a = grid.member(0);
        GridMember b = grid.member(1);
        Message first = a.board.post(message("l-0").text("first").build(), () -> { }).message();
        Message spam = a.board.post(message("l-1").text("not spam after all").build(), () -> { }).message();
        assertTrue(a.board.setHidden(spam.id(), true).isPresent());
        Awaitility.await("member b's replica left it out").atMost(Duration.ofSeconds(5))
                .until(() -> !ids(b.board.after(0, null, 50)).contains("l-1"));
        AtomicReference<MessageId> notYetInWindow = new AtomicReference<>();
        hub = hub(new BoardFeed(b.board, b.replica, b.drafts, b.visibility) {
            @Override
            public List<Message> after(long cursor, MessageType type, int limit) {
                return super.after(cursor, type, limit).stream()
                        .filter(m -> !m.id().equals(notYetInWindow.get())).toList();
            }
        });
        FakeStream stream = new FakeStream();
        hub.subscribe(stream.async(), first.timestamp() - 1, null, "127.0.0.1");
        Awaitility.await("history pushed").atMost(Duration.ofSeconds(10)).until(() -> stream.events().size() == 1);

        notYetInWindow.set(spam.id());
        long heard = hub.visibilityEventsHeard();
        assertTrue(a.board.setHidden(spam.id(), false).isPresent());
        Awaitility.await("the restore heard by member b's hub").atMost(Duration.ofSeconds(5))
                .until(() -> hub.visibilityEventsHeard() > heard);
        b.board.post(message("l-2").text("next").build(), () -> { });
        Awaitility.await("next message pushed").atMost(Duration.ofSeconds(10))
                .until(() -> stream.events().size() == 2);
        Awaitility.await("restored event after the cursor passed it").atMost(Duration.ofSeconds(5))
                .until(() -> stream.text().contains("event: restored\ndata: {\"id\":\"l-1\""));
        assertTrue(stream.text().contains("\"text\":\"not spam after all\""), stream.text());
        notYetInWindow.set(null);
        b.board.post(message("l-3").text("later").build(), () -> { });
        Awaitility.await("later message pushed").atMost(Duration.ofSeconds(10))
                .until(() -> stream.events().size() == 3);
        assertEquals(List.of("l-0", "l-2", "l-3"), stream.events().stream().map(FakeStream.Event::messageId).toList(),
                "not sent again as a message");
        assertEquals(1, stream.text().split("event: restored", -1).length - 1, "told once");
    }

    private static StreamHub hub(BoardFeed feed) {
        StreamHub hub = new StreamHub();
        hub.feed = feed;
        hub.settings = new StreamSettings(TestSettings.defaults());
        hub.threads = GridMember.threads("chorus-test-stream-pump");
        hub.metrics = FakeStream.metrics();
        hub.start();
        return hub;
    }
}
