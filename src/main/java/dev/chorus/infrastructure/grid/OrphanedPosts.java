package dev.chorus.infrastructure.grid;

import com.hazelcast.map.IMap;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.infrastructure.grid.processors.CommitInWindow;
import dev.chorus.infrastructure.grid.processors.RetractFromWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule for window entries left pending by a member that is gone: committed when the message reached the
 * messages map (its durable write finished), taken back when it did not (the writer's connection died with it,
 * so it never will). Plain grid code, so it is tested on embedded members; {@link PendingWrites} runs it.
 */
final class OrphanedPosts {
    private OrphanedPosts() {
    }

    /** Settles pending entries whose writer is not in {@code liveMembers}; returns the ids it committed. */
    static List<MessageId> settle(IMap<String, RecentWindow> window, String windowKey, IMap<String, Message> messages,
                                  Set<String> liveMembers) {
        List<MessageId> committed = new ArrayList<>();
        RecentWindow current = window.get(windowKey);
        if (current == null) {
            return committed;
        }
        for (Map.Entry<MessageId, String> entry : current.pending().entrySet()) {
            if (liveMembers.contains(entry.getValue())) {
                continue;
            }
            MessageId id = entry.getKey();
            if (messages.get(id.value()) != null) {
                window.executeOnKey(windowKey, new CommitInWindow(id));
                committed.add(id);
            } else {
                window.executeOnKey(windowKey, new RetractFromWindow(id));
            }
        }
        return committed;
    }
}
