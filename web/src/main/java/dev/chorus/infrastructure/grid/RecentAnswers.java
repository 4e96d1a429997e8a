package dev.chorus.infrastructure.grid;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers of recent polls, per window: many readers ask the same question (every caught-up page polls with the
 * same newest cursor), and while the window is unchanged the answer is too. The same list instance is returned
 * for the same question, so the JSON rendered from it can be reused as well. Dropped with each new window.
 * Bounded in size as well as count: the answers hold at most {@value #MAX_REFERENCES} message references in all
 * (8 bytes each, the messages themselves are the window's), cleared when full.
 */
final class RecentAnswers {
    private static final int MAX_QUESTIONS = 1024;
    static final int MAX_REFERENCES = 64 * 1024;

    private record Question(long cursor, MessageType type, int limit) {
    }

    private record Answers(RecentWindow window, Map<Question, List<Message>> byQuestion, AtomicInteger references) {
    }

    private final AtomicReference<Answers> current =
            new AtomicReference<>(new Answers(null, new ConcurrentHashMap<>(), new AtomicInteger()));

    List<Message> after(RecentWindow window, long cursor, MessageType type, int limit) {
        Answers answers = current.get();
        if (answers.window() != window) {
            // One set of answers per window, whoever asks first: when the window changes, the fifty pollers that
            // find it changed all compute and render the same question, and each used to install its own set
            // (the last one won), so the answer was rendered up to once per poller and change instead of once.
            // A poller that read the window just before it changed gets its answer uncached.
            if (answers.window() != null && answers.window().isLaterThan(window)) {
                return List.copyOf(window.after(cursor, type, limit));
            }
            Answers fresh = new Answers(window, new ConcurrentHashMap<>(), new AtomicInteger());
            answers = current.compareAndSet(answers, fresh) ? fresh : current.get();
            if (answers.window() != window) {
                return List.copyOf(window.after(cursor, type, limit));
            }
        }
        Question question = new Question(cursor, type, limit);
        List<Message> known = answers.byQuestion().get(question);
        if (known != null) {
            return known;
        }
        List<Message> fresh = List.copyOf(window.after(cursor, type, limit));
        if (answers.byQuestion().size() >= MAX_QUESTIONS
                || answers.references().addAndGet(fresh.size()) > MAX_REFERENCES) {
            answers.byQuestion().clear();
            answers.references().set(fresh.size());
        }
        List<Message> raced = answers.byQuestion().putIfAbsent(question, fresh);
        return raced != null ? raced : fresh;
    }
}
