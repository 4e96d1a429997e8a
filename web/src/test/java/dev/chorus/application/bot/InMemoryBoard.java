package dev.chorus.application.bot;

import dev.chorus.domain.AppendOutcome;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageCounts;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.UserFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The board in memory, for the bot's use of it: posts (idempotent on id, stamped in order), finds, and the bot's
 * bookkeeping as the grid's SetBotProgress applies it (a complete message stays complete). Counts every
 * bookkeeping write in {@link #progressWrites}; {@link #failPosts} makes posts throw.
 */
final class InMemoryBoard implements MessageBoard {
    private final Map<MessageId, Message> messages = new LinkedHashMap<>();
    private long lastStamp = 1_000;
    int progressWrites;
    volatile RuntimeException failPosts;

    synchronized Message store(Message message) {
        Message stamped = message.timestamp() > 0 ? message : message.withTimestamp(++lastStamp);
        messages.put(stamped.id(), stamped);
        return stamped;
    }

    synchronized Message get(String id) {
        return messages.get(new MessageId(id));
    }

    synchronized List<Message> replies() {
        return messages.values().stream().filter(m -> m.type() == MessageType.AI).toList();
    }

    @Override
    public synchronized AppendOutcome post(Message draft, Runnable admitNew) {
        if (failPosts != null) {
            throw failPosts;
        }
        Message stored = messages.get(draft.id());
        if (stored != null) {
            return new AppendOutcome(stored, true);
        }
        admitNew.run();
        return new AppendOutcome(store(draft.withTimestamp(++lastStamp)), false);
    }

    @Override
    public synchronized Optional<Message> find(MessageId id) {
        return Optional.ofNullable(messages.get(id));
    }

    @Override
    public synchronized Optional<Message> recordBotProgress(MessageId id, BotStatus status, Integer attempts,
                                                            String replyId, String lastError) {
        progressWrites++;
        Message current = messages.get(id);
        if (current == null || current.botParams() == null) {
            return Optional.empty();
        }
        if (current.botParams().status() == BotStatus.COMPLETE && status != BotStatus.COMPLETE) {
            return Optional.of(current);
        }
        Message updated = current.withBotParams(current.botParams().withProgress(status, attempts, replyId, lastError));
        messages.put(id, updated);
        return Optional.of(updated);
    }

    @Override
    public synchronized List<Message> awaitingReply(int limit) {
        List<Message> waiting = new ArrayList<>();
        for (Message m : messages.values()) {
            if (m.addressedToPersona() && (m.botParams().status() == BotStatus.PENDING
                    || m.botParams().status() == BotStatus.PROCESSING)) {
                waiting.add(m);
            }
        }
        return waiting.stream().sorted(Comparator.comparingLong(Message::timestamp)).limit(limit).toList();
    }

    @Override
    public List<Message> after(long cursor, MessageType type, int limit) {
        throw new UnsupportedOperationException("the bot does not poll");
    }

    @Override
    public Page page(int offset, int limit, MessageType type, String search) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Message> byUsers(List<UserFilter> users, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Message> setProcessed(MessageId id, boolean processed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Message> setHidden(MessageId id, boolean hidden) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MessageCounts counts() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int windowSize() {
        return messages.size();
    }
}
