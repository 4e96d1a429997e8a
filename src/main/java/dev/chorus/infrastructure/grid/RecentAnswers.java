package dev.chorus.infrastructure.grid;

import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.RecentWindow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers of recent polls, per window: many readers ask the same question (every caught-up page polls with the
 * same newest cursor), and while the window is unchanged the answer is too. The same list instance is returned
 * for the same question, so the JSON rendered from it can be reused as well. Dropped with each new window.
 */
final class RecentAnswers {
    private static final int MAX_QUESTIONS = 1024;

    private record Question(long cursor, MessageType type, int limit) {
    }

    private record Answers(RecentWindow window, Map<Question, List<Message>> byQuestion) {
    }

    private volatile Answers current = new Answers(null, new ConcurrentHashMap<>());

    List<Message> after(RecentWindow window, long cursor, MessageType type, int limit) {
        Answers answers = current;
        if (answers.window() != window) {
            answers = new Answers(window, new ConcurrentHashMap<>());
            current = answers;
        }
        if (answers.byQuestion().size() >= MAX_QUESTIONS) {
            answers.byQuestion().clear();
        }
        return answers.byQuestion().computeIfAbsent(new Question(cursor, type, limit),
                question -> List.copyOf(window.after(cursor, type, limit)));
    }
}
