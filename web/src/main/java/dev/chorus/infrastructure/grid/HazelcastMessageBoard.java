package dev.chorus.infrastructure.grid;

import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.UserFilter;
import dev.chorus.infrastructure.config.BoardSettings;
import dev.chorus.infrastructure.config.ClusterSettings;
import dev.chorus.infrastructure.grid.processors.ReplaceInWindow;
import dev.chorus.infrastructure.grid.processors.SetBotProgress;
import dev.chorus.infrastructure.grid.processors.SetProcessed;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import dev.chorus.infrastructure.persistence.jdbc.StatementBudget;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The board on the grid. Recent reads come from this member's replica of the window; older ones from the
 * database by the timestamp index. Posts follow {@link PostProtocol} (stamped pending, inserted under the
 * writer epoch, committed, then acknowledged); bookkeeping changes stored messages in place, and like posts is
 * refused on a member that cannot see enough of the cluster.
 */
@ApplicationScoped
public class HazelcastMessageBoard implements MessageBoard {
    private static final java.time.Duration SHOWN_WAIT = java.time.Duration.ofSeconds(1);

    @Inject
    GridMaps maps;

    @Inject
    BoardSettings settings;

    @Inject
    WindowReplica replica;

    @Inject
    PostProtocol protocol;

    @Inject
    WindowFence fence;

    @Inject
    VisibilityEvents visibility;

    @Inject
    ClusterSettings cluster;

    private JdbcMessageRepository history;
    private final RecentAnswers recentAnswers = new RecentAnswers();
    private final SearchTotals searchTotals = new SearchTotals();

    @PostConstruct
    void init() {
        history = maps.database().messages();
    }

    @Override
    public AppendOutcome post(Message draft, Runnable admitNew) {
        return GridCalls.guarded("storage", () -> protocol.post(draft, admitNew, false));
    }

    @Override
    public AppendOutcome importMessage(Message message) {
        return GridCalls.guarded("storage", () -> protocol.post(message, () -> { }, true));
    }

    @Override
    public Optional<Message> find(MessageId id) {
        return GridCalls.guarded("storage", () -> Optional.ofNullable(maps.messages().get(id.value())));
    }

    @Override
    public List<Message> after(long cursor, MessageType type, int limit) {
        return GridCalls.guarded("storage", () -> {
            RecentWindow window = window();
            if (window.covers(cursor)) {
                return recentAnswers.after(window, cursor, type, limit);
            }
            // Older than the window: the database up to the window's oldest entry, then the window. Never the
            // database alone for the newest part, where a post may be stamped but not yet committed.
            long windowStart = window.oldestTimestamp();
            List<Message> older = history.after(cursor, type, limit).stream()
                    .filter(m -> m.timestamp() < windowStart).toList();
            if (older.size() >= limit) {
                return older;
            }
            List<Message> combined = new ArrayList<>(window.after(windowStart - 1, type, limit - older.size()));
            combined.addAll(older);
            return combined;
        });
    }

    @Override
    public Page page(int offset, int limit, MessageType type, String search) {
        return GridCalls.guarded("storage", () -> {
            if (search != null && !search.isBlank()) {
                long total = searchTotals.total(window(), type, search, history::countMatching);
                return new Page(history.page(offset, limit, type, search), total);
            }
            RecentWindow window = window();
            long total = window.counts().of(type);
            if (window.holdsEverything() || (long) offset + limit <= window.held(type)) {
                return new Page(window.page(offset, limit, type), total);
            }
            return new Page(history.page(offset, limit, type, null), total);
        });
    }

    @Override
    public List<Message> byUsers(List<UserFilter> users, int limit) {
        return GridCalls.guarded("storage", () -> history.byUsers(users, limit));
    }

    @Override
    public Optional<Message> setProcessed(MessageId id, boolean processed) {
        return updateInPlace(id, new SetProcessed(processed));
    }

    @Override
    public Optional<Message> recordBotProgress(MessageId id, BotStatus status, Integer attempts, String replyId,
                                               String lastError) {
        return updateInPlace(id, new SetBotProgress(status, attempts, replyId, lastError));
    }

    /** Bookkeeping on the stored message, then the same message replaced in place in the window. */
    private Optional<Message> updateInPlace(MessageId id, EntryProcessor<String, Message, Message> update) {
        return GridCalls.guarded("storage", () -> {
            fence.requireQuorum();
            Message updated = maps.messages().executeOnKey(id.value(), update);
            if (updated == null) {
                return Optional.empty();
            }
            maps.window().executeOnKey(GridMaps.WINDOW_KEY, new ReplaceInWindow(updated));
            replica.awaitShown(updated, SHOWN_WAIT); // a poll here after the 200 shows the change
            return Optional.of(updated);
        });
    }

    /**
     * Moderation: the row's flag and kept count first (the database decides, under the writer row), then the window
     * taken over and rebuilt from the table ({@link WindowFence#rebuildAfterTableChange}: a take-over per action, so
     * no take-over racing it can lose the change or count it twice), then every member's live readers are told.
     * Both run again on a repeat even when the row was already so: a retry after a 503 repairs what the first try
     * left undone. Acknowledged once this member's replica shows the rebuilt window, so a poll or page here after
     * the answer leaves the message out; other members' replicas follow within milliseconds, like a post. Bounded
     * by the POST timeout.
     */
    @Override
    public Optional<Message> setHidden(MessageId id, boolean hidden) {
        return GridCalls.guarded("storage", () -> {
            fence.requireQuorum();
            Deadline deadline = Deadline.after(cluster.postTimeout());
            Optional<Message> message = history.setHidden(id, hidden, StatementBudget.of(deadline.remaining()));
            if (message.isEmpty()) {
                return Optional.empty();
            }
            long version = fence.rebuildAfterTableChange(hidden ? "a message was hidden" : "a message was restored",
                    deadline.remaining());
            replica.awaitVersion(version, SHOWN_WAIT);
            visibility.publish(id, hidden);
            return message;
        });
    }

    @Override
    public List<Message> awaitingReply(int limit) {
        return GridCalls.guarded("storage", () -> history.awaitingReply(limit));
    }

    @Override
    public MessageCounts counts() {
        return GridCalls.guarded("storage", () -> window().counts());
    }

    @Override
    public int windowSize() {
        return GridCalls.guarded("storage", () -> window().size());
    }

    /** This member's copy of the window; the loader guarantees one exists whenever the database answers. */
    private RecentWindow window() {
        return replica.current();
    }
}
