package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static dev.chorus.domain.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.WritesRefusedException;
import dev.chorus.infrastructure.grid.processors.RetractFromWindow;
import dev.chorus.infrastructure.grid.processors.Stamp;
import dev.chorus.infrastructure.grid.processors.StampPending;
import dev.chorus.infrastructure.persistence.TestDatabases.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The post protocol of {@link HazelcastMessageBoard} and {@link PostProtocol} on one embedded member with H2: what
 * a poster and a reader depend on — acknowledged means stored and shown, once; refused means nothing is shown,
 * ever — through duplicates, take-backs, a stale writer epoch and a lost database.
 */
class PostProtocolTest {
    private EmbeddedBoard grid;
    private GridMember member;
    private HazelcastMessageBoard board;
    private final AtomicInteger admitted = new AtomicInteger();

    /** A short POST bound, for the tests of what happens when it runs out. */
    private static final int SHORT_POST_TIMEOUT = 2;

    @BeforeEach
    void start(TestInfo test) {
        boolean shortBound = test.getTags().contains("short-post-bound");
        grid = EmbeddedBoard.start(PostProtocolTest.class, 1,
                shortBound ? SHORT_POST_TIMEOUT : EmbeddedBoard.POST_TIMEOUT_SECONDS);
        member = grid.member(0);
        board = member.board;
    }

    @AfterEach
    void stop() {
        grid.close();
    }

    private AppendOutcome post(Message draft) {
        return board.post(draft, admitted::incrementAndGet);
    }

    private List<String> visibleIds() {
        List<String> newestFirst = new ArrayList<>(board.after(0, null, 100).stream().map(m -> m.id().value()).toList());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Test
    void anAcknowledgedPostIsStoredShownOnceAndLaterPostsComeAfterIt() {
        AppendOutcome first = post(human("p1"));
        AppendOutcome second = post(human("p2"));

        assertFalse(first.duplicate());
        assertTrue(second.message().timestamp() > first.message().timestamp(), "cursor order");
        assertEquals(List.of("p1", "p2"), visibleIds(), "shown on this member when the post returns");
        assertEquals(first.message().timestamp(), grid.history.find(new MessageId("p1")).orElseThrow().timestamp());
        assertTrue(member.replica.current().pending().isEmpty());
        assertEquals(2, admitted.get(), "each new post counted against the rate limit once");
        assertEquals(1, member.fence.fences(), "the first post took the loaded window over; the second did not");
    }

    @Test
    void aRepeatOfAStoredIdIsAnsweredWithTheStoredMessageAndNotCountedAgain() {
        AppendOutcome original = post(message("p1").text("first words").build());
        AppendOutcome repeat = post(message("p1").text("other words").build());

        assertTrue(repeat.duplicate());
        assertEquals(original.message(), repeat.message());
        assertEquals(1, admitted.get());
        assertEquals(List.of("p1"), visibleIds());
        assertEquals(1, grid.history.counts().of(MessageType.HUMAN));
    }

    @Test
    void aRepeatOfAnIdOlderThanTheWindowIsAnsweredWithTheStoredMessageAndStoredOnce() {
        post(human("p0")); // the window taken over by this member, as after any first post
        // stored long ago: in the table, not in the window (the member's own copy cannot know it)
        Message old = message("old").text("the first words").build().withTimestamp(1);
        grid.history.save(old);

        AppendOutcome repeat = post(message("old").text("other words").build());

        assertTrue(repeat.duplicate(), "answered as a repeat");
        assertEquals(old.text(), repeat.message().text(), "with the message as stored");
        assertEquals(1, repeat.message().timestamp(), "at its own place in the history");
        assertEquals(2, grid.history.counts().of(MessageType.HUMAN), "stored once: p0 and the old one");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> member.replica.current().pending().isEmpty());
        assertEquals(List.of("p0"), visibleIds(), "its stamp for the repeat was taken back");
        assertEquals(2, admitted.get(), "a repeat older than the window is counted once, when its stamp finds nothing");
    }

    @Test
    void anImportRunAgainFindsItsOldMessagesInTheTableWithoutStampingThem() {
        post(human("p0"));
        Message old = message("old").text("the first words").build().withTimestamp(1);
        grid.history.save(old); // imported long ago: in the table, not in the window
        long version = member.replica.current().version();

        AppendOutcome again = board.importMessage(message("old").text("the first words").build());

        assertTrue(again.duplicate());
        assertEquals(1, again.message().timestamp());
        assertEquals(version, member.replica.current().version(), "no stamp made and taken back: the window is as it was");
        assertEquals(1, admitted.get(), "an import is counted against nothing");
    }

    @Test
    @Tag("short-post-bound")
    void aRepeatOfAnIdStillPendingIsRefusedUntilTheEarlierAttemptIsTakenBackThenStored() {
        post(human("p0")); // the window taken over by this member, as after any first post
        Stamp stamp = member.maps.window().executeOnKey(GridMaps.WINDOW_KEY,
                new StampPending(human("p1"), member.memberId()));
        assertFalse(stamp.unfenced() || stamp.duplicate(), stamp.toString());

        WritesRefusedException unsettled = assertThrows(WritesRefusedException.class, () -> post(human("p1")));
        assertTrue(unsettled.getMessage().contains("still being settled"), unsettled.getMessage());
        assertEquals(List.of("p0"), visibleIds(), "a pending entry is shown to nobody");

        member.maps.window().executeOnKey(GridMaps.WINDOW_KEY, new RetractFromWindow(new MessageId("p1")));
        AppendOutcome stored = post(human("p1"));
        assertFalse(stored.duplicate(), "the earlier attempt was taken back: this one stores the post");
        assertEquals(List.of("p0", "p1"), visibleIds());
        assertTrue(grid.history.find(new MessageId("p1")).isPresent());
    }

    @Test
    void aStampUnderAStaleWriterEpochIsTakenBackAndStampedAgainAfterATakeOver() {
        post(human("p1"));
        long epochOfThisMember = member.replica.current().epoch();
        long newer = grid.history.claimWriterEpoch(); // another member took the window over meanwhile

        AppendOutcome second = post(human("p2"));

        assertFalse(second.duplicate());
        assertEquals(List.of("p1", "p2"), visibleIds());
        assertEquals(2, member.fence.fences(), "fenced again after the refused insert");
        assertTrue(member.replica.current().epoch() > newer && newer > epochOfThisMember,
                "stamped under an epoch newer than the one that made the insert stale");
        assertTrue(member.replica.current().pending().isEmpty());
        assertEquals(2, grid.history.counts().of(MessageType.HUMAN), "stored once");
    }

    @Test
    void withTheDatabaseDownAPostIsRefusedAndPollsAreStillAnsweredFromTheWindow() {
        post(human("p1"));
        grid.dataSource.down();

        assertThrows(StorageUnavailableException.class, () -> post(human("p2")));
        assertEquals(List.of("p1"), visibleIds(), "polls answered from the window, without the refused post");

        grid.dataSource.up();
        assertFalse(post(human("p2")).duplicate(), "the refused post was not stored: its retry stores it");
        assertEquals(List.of("p1", "p2"), visibleIds());
    }

    @Test
    void anInsertThatFailsIsTakenBackWhenTheRowIsKnownAbsent() {
        post(human("p1"));
        grid.dataSource.set(Mode.INSERTS_FAIL);

        assertThrows(StorageUnavailableException.class, () -> post(human("p2")));

        // Never visible (a pending entry hides itself and what follows), and taken back from this member's copy
        // of the window as soon as the owner's retraction reaches it (the replica follows the owner by events).
        assertEquals(List.of("p1"), visibleIds(), "the refused post is never visible");
        Awaitility.await("taken back").atMost(Duration.ofSeconds(5)).until(
                () -> member.replica.current().find(new MessageId("p2")).isEmpty());
        grid.dataSource.up();
        assertEquals(List.of("p1"), visibleIds());
        assertTrue(grid.history.find(new MessageId("p2")).isEmpty());
    }

    @Test
    @Tag("short-post-bound")
    void anInsertWhoseOutcomeIsUnknownStaysPendingUntilTheSweepLetsTheDatabaseDecide() {
        post(human("p1"));
        grid.dataSource.set(Mode.DOWN_AT_COMMIT);

        assertThrows(StorageUnavailableException.class, () -> post(human("p2")));
        // nobody could tell whether it is stored: pending (the replica hears of it asynchronously)
        Awaitility.await("p2 pending on the replica").atMost(Duration.ofSeconds(5))
                .until(() -> member.replica.current().isPending(new MessageId("p2")));
        assertEquals(List.of("p1"), visibleIds());

        grid.dataSource.up();
        // the sweep takes the window over once the entry is pending for longer than twice the POST bound
        Awaitility.await("the sweep settles p2").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    member.pending.sweep();
                    return !member.replica.current().isPending(new MessageId("p2"));
                });
        assertEquals(List.of("p1"), visibleIds(), "not stored, so dropped: never shown");
        assertTrue(grid.history.find(new MessageId("p2")).isEmpty());
        assertEquals(2, member.fence.fences());
    }
}
