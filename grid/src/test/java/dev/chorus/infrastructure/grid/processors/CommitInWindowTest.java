package dev.chorus.infrastructure.grid.processors;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The two-phase append on a real member: pending append, commit (twice), and commit after a retract. */
class CommitInWindowTest {
    private static final String KEY = "recent";
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        member = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(CommitInWindowTest.class));
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    private static List<String> visible(IMap<String, RecentWindow> window) {
        return window.get(KEY).after(0, null, 100).stream().map(m -> m.id().value()).toList();
    }

    @Test
    void aPendingAppendBecomesVisibleOnCommitAndCommittingTwiceIsTheSame() {
        IMap<String, RecentWindow> window = member.getMap("commit-twice");
        window.executeOnKey(KEY, AppendToWindow.pending(human("a"), 500, "writer-1"));
        assertEquals(List.of(), visible(window));
        CommitInWindow commit = new CommitInWindow(new MessageId("a"));
        long version = window.executeOnKey(KEY, commit);
        assertEquals(window.get(KEY).version(), version, "the version that shows the commit");
        assertEquals(version, window.executeOnKey(KEY, commit), "a second commit changes nothing");
        assertEquals(List.of("a"), visible(window));
        assertTrue(window.get(KEY).pending().isEmpty());
    }

    @Test
    void committingARetractedPostSaysItIsNotVisible() {
        IMap<String, RecentWindow> window = member.getMap("commit-after-retract");
        window.executeOnKey(KEY, AppendToWindow.pending(human("gone"), 500, "writer-1"));
        window.executeOnKey(KEY, new RetractFromWindow(new MessageId("gone")));
        assertEquals(-1L, window.executeOnKey(KEY, new CommitInWindow(new MessageId("gone"))), "not visible");
        assertEquals(List.of(), visible(window));
        assertEquals(0, window.get(KEY).counts().total());
    }
}
