package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;
import dev.chorus.infrastructure.grid.processors.Stamp;
import dev.chorus.infrastructure.grid.processors.StampPending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The post protocol on two embedded members sharing one H2 database: posts from either member in one order on
 * both, a crashed writer's half-done posts settled by the survivor from the database, and the window owner's loss
 * taken over by the next post.
 */
class PostProtocolClusterTest {
    private EmbeddedBoard grid;

    @BeforeEach
    void start() {
        grid = EmbeddedBoard.start(PostProtocolClusterTest.class, 2);
    }

    @AfterEach
    void stop() {
        grid.close();
    }

    private static List<String> visibleIds(GridMember member) {
        List<String> ids = new ArrayList<>(member.board.after(0, null, 100).stream().map(m -> m.id().value()).toList());
        Collections.reverse(ids);
        return ids;
    }

    private static void post(GridMember member, String id) {
        assertFalse(member.board.post(human(id), () -> { }).duplicate(), id);
    }

    @Test
    void postsFromEitherMemberAreShownOnBothInOneOrder() {
        GridMember a = grid.member(0);
        GridMember b = grid.member(1);
        post(a, "p1");
        post(b, "p2");
        post(a, "p3");

        assertEquals(List.of("p1", "p2", "p3"), visibleIds(a), "a post returns once its member shows it");
        Awaitility.await("the other member shows all three").atMost(Duration.ofSeconds(10))
                .until(() -> visibleIds(b).equals(List.of("p1", "p2", "p3")));
    }

    @Test
    void aCrashedWritersStoredPostIsShownAndItsUnstoredOneDroppedByTheSurvivor() {
        GridMember writer = grid.notWindowOwner();
        GridMember survivor = grid.windowOwner();
        survivor.startHousekeeping();
        post(writer, "p0");
        // the writer's member crashes in the middle of two posts: p1 stored but not committed, p2 only stamped
        Stamp p1 = stamp(writer, "p1");
        assertTrue(grid.history.insertStamped(human("p1").withTimestamp(p1.message().timestamp()), p1.epoch(), 5));
        stamp(writer, "p2");
        assertEquals(List.of("p0"), visibleIds(survivor), "readers see nothing pending");

        grid.crash(writer);

        // the oldest member takes the window over a moment after a member left: the database decides
        Awaitility.await("the survivor settles the crashed writer's posts").atMost(Duration.ofSeconds(20))
                .until(() -> survivor.replica.current().pending().isEmpty());
        assertEquals(List.of("p0", "p1"), visibleIds(survivor));
        post(survivor, "p3");
        assertEquals(List.of("p0", "p1", "p3"), visibleIds(survivor), "later posts come after the recovered one");
    }

    @Test
    void theWindowOwnersLossIsTakenOverByTheNextPostWithNothingLost() {
        GridMember owner = grid.windowOwner();
        GridMember survivor = grid.notWindowOwner();
        post(owner, "p1");
        post(survivor, "p2");
        long fencesBefore = survivor.fence.fences();

        grid.crash(owner);
        post(survivor, "p3");

        assertEquals(List.of("p1", "p2", "p3"), visibleIds(survivor));
        assertEquals(fencesBefore + 1, survivor.fence.fences(),
                "the promoted backup stamped nothing until this member took it over");
        RecentWindow window = survivor.replica.current();
        assertTrue(window.stampedBy(survivor.memberId()));
        for (Message m : window.entries()) {
            assertTrue(grid.history.find(m.id()).isPresent(), "every shown message is stored: " + m.id().value());
        }
    }

    private static Stamp stamp(GridMember writer, String id) {
        Stamp stamp = writer.maps.window().executeOnKey(GridMaps.WINDOW_KEY, new StampPending(human(id),
                writer.memberId()));
        assertFalse(stamp.unfenced() || stamp.duplicate(), stamp.toString());
        return stamp;
    }
}
