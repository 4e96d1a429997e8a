package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryEventType;
import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding: a whole window from the map's entry events (created, loaded, merged) is taken whatever its
 * version, but those events and the topic's deltas run on different event threads (map order key: the key's
 * hash, stripe 3 of 5; topic order key: the topic name's hash, stripe 0 of 5), so a whole window can arrive after
 * deltas made to it — and the replica falls back to it, hiding committed posts until the next delta or version
 * check (up to ~1 s), after its poster's 2xx.
 */
class WholeWindowOrderTest {
    private EmbeddedBoard grid;

    @AfterEach
    void stop() {
        grid.close();
    }

    @Test
    void aWholeWindowHeardLateNeverHidesACommittedPost() {
        grid = EmbeddedBoard.start(WholeWindowOrderTest.class, 1);
        GridMember member = grid.member(0);
        member.board.post(human("first"), () -> { });
        RecentWindow loadedEarlier = member.replica.current(); // as an entry event carried it
        Message acknowledged = member.board.post(human("second"), () -> { }).message();

        EntryEvent<String, RecentWindow> late = new EntryEvent<>(GridMaps.WINDOW,
                member.hazelcast.getCluster().getLocalMember(), EntryEventType.MERGED.getType(), GridMaps.WINDOW_KEY,
                loadedEarlier);
        member.replica.absorb(List.of(new WindowReplica.Whole(late)));

        assertTrue(member.replica.current().find(acknowledged.id()).isPresent(),
                "an acknowledged post vanished from its member's replica when an older whole window came late");
    }
}
