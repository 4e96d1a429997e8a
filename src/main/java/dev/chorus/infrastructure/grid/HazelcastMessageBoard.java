package dev.chorus.infrastructure.grid;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.map.EntryProcessor;
import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.UserFilter;
import dev.chorus.infrastructure.config.BoardSettings;
import dev.chorus.infrastructure.grid.processors.AppendToWindow;
import dev.chorus.infrastructure.grid.processors.CommitInWindow;
import dev.chorus.infrastructure.grid.processors.ReplaceInWindow;
import dev.chorus.infrastructure.grid.processors.RetractFromWindow;
import dev.chorus.infrastructure.grid.processors.SetBotProgress;
import dev.chorus.infrastructure.grid.processors.SetProcessed;
import dev.chorus.infrastructure.persistence.jdbc.JdbcMessageRepository;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The board on the grid. Recent reads come from the near-cached window; older ones from the database by the
 * timestamp index. A post is stamped by the window's owner (pending, invisible to readers), written through to
 * the table, then committed in the window; only then is it acknowledged. If the durable write fails, the append
 * is taken back and the client gets a 503: no reader ever saw it.
 */
@ApplicationScoped
public class HazelcastMessageBoard implements MessageBoard {
    private static final Duration VISIBILITY_WAIT = Duration.ofSeconds(1);


    @Inject
    GridMaps maps;

    @Inject
    BoardSettings settings;

    @Inject
    WindowReplica replica;

    private JdbcMessageRepository history;
    private final RecentAnswers recentAnswers = new RecentAnswers();

    @PostConstruct
    void init() {
        history = new JdbcMessageRepository(maps.database()::dataSource);
    }

    @Override
    public AppendOutcome post(Message draft, Runnable admitNew) {
        return guarded(() -> {
            Message stored = maps.messages().get(draft.id().value());
            if (stored != null) {
                return new AppendOutcome(stored, true);
            }
            admitNew.run();
            AppendOutcome appended = maps.window().executeOnKey(GridMaps.WINDOW_KEY,
                    AppendToWindow.pending(draft, settings.windowCapacity(), maps.localMemberId()));
            if (appended.duplicate()) {
                return appended;
            }
            Message durable = draft.withTimestamp(appended.message().timestamp());
            try {
                maps.messages().set(durable.id().value(), durable);
            } catch (RuntimeException e) {
                maps.window().executeOnKey(GridMaps.WINDOW_KEY, new RetractFromWindow(durable.id()));
                throw e;
            }
            long committed = maps.window().executeOnKey(GridMaps.WINDOW_KEY, new CommitInWindow(durable.id()));
            if (committed >= 0) {
                replica.awaitVersion(committed, VISIBILITY_WAIT); // acknowledged only once polls here show it
            } else {
                // Taken back meanwhile (this member was thought gone): stamp it again, visible, and store the stamp.
                AppendOutcome again = maps.window().executeOnKey(GridMaps.WINDOW_KEY,
                        new AppendToWindow(durable, settings.windowCapacity()));
                durable = durable.withTimestamp(again.message().timestamp());
                maps.messages().set(durable.id().value(), durable);
            }
            return new AppendOutcome(durable, false);
        });
    }

    @Override
    public Optional<Message> find(MessageId id) {
        return guarded(() -> Optional.ofNullable(maps.messages().get(id.value())));
    }

    @Override
    public List<Message> after(long cursor, MessageType type, int limit) {
        return guarded(() -> {
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
        return guarded(() -> {
            if (search != null && !search.isBlank()) {
                return new Page(history.page(offset, limit, type, search), history.countMatching(type, search));
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
        return guarded(() -> history.byUsers(users, limit));
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
        return guarded(() -> {
            Message updated = maps.messages().executeOnKey(id.value(), update);
            if (updated == null) {
                return Optional.empty();
            }
            maps.window().executeOnKey(GridMaps.WINDOW_KEY, new ReplaceInWindow(updated));
            return Optional.of(updated);
        });
    }

    @Override
    public List<Message> awaitingReply(int limit) {
        return guarded(() -> history.awaitingReply(limit));
    }

    @Override
    public MessageCounts counts() {
        return guarded(() -> window().counts());
    }

    @Override
    public int windowSize() {
        return guarded(() -> window().size());
    }

    /** This member's copy of the window; the loader guarantees one exists whenever the database answers. */
    private RecentWindow window() {
        return replica.current();
    }

    private static <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (StorageUnavailableException | IllegalArgumentException e) {
            throw e;
        } catch (HazelcastException | IllegalStateException e) {
            throw new StorageUnavailableException("storage unavailable: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
