package dev.chorus.infrastructure.grid;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.infrastructure.grid.processors.AppendToWindow;
import dev.chorus.infrastructure.grid.processors.EmbeddedGrid;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Posts left pending by departed members are shown when durable, taken back when not; live writers' are left alone. */
class OrphanedPostsTest {
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        member = EmbeddedGrid.single(EmbeddedGrid.uniqueClusterName(OrphanedPostsTest.class));
        member.getConfig().addMapConfig(new MapConfig("orphan-window").setInMemoryFormat(InMemoryFormat.OBJECT));
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    @Test
    void settlesOnlyThePostsOfDepartedWriters() {
        IMap<String, RecentWindow> window = member.getMap("orphan-window");
        IMap<String, Message> messages = member.getMap("orphan-messages");
        window.executeOnKey("recent", new AppendToWindow(human("before"), 500));
        Message durable = window.executeOnKey("recent", AppendToWindow.pending(human("durable"), 500, "gone-1")).message();
        messages.set("durable", durable);
        window.executeOnKey("recent", AppendToWindow.pending(human("lost"), 500, "gone-2"));
        window.executeOnKey("recent", AppendToWindow.pending(human("in-flight"), 500, "live-1"));
        assertEquals(List.of("before"), visible(window), "readers stop at the first pending post");

        List<MessageId> committed = OrphanedPosts.settle(window, "recent", messages, Set.of("live-1"));

        assertEquals(List.of(new MessageId("durable")), committed);
        assertEquals(List.of("durable", "before"), visible(window), "the durable one shown, the lost one gone");
        RecentWindow settled = window.get("recent");
        assertTrue(settled.find(new MessageId("lost")).isEmpty());
        assertEquals(Set.of(new MessageId("in-flight")), settled.pending().keySet(), "a live writer's post is its own");
        assertEquals(3, settled.counts().total());
        assertEquals(List.of(), OrphanedPosts.settle(window, "recent", messages, Set.of("live-1")), "settling twice changes nothing");
    }

    private static List<String> visible(IMap<String, RecentWindow> window) {
        return window.get("recent").after(0, null, 100).stream().map(m -> m.id().value()).toList();
    }
}
