package dev.chorus.infrastructure.grid;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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

    private volatile Answers current = new Answers(null, new ConcurrentHashMap<>(), new AtomicInteger());

    List<Message> after(RecentWindow window, long cursor, MessageType type, int limit) {
        Answers answers = current;
        if (answers.window() != window) {
            answers = new Answers(window, new ConcurrentHashMap<>(), new AtomicInteger());
            current = answers;
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
