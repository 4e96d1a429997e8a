package dev.chorus.interfaces.rest;

import dev.chorus.domain.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON bytes of poll answers, keyed by the answer list's identity: the board returns the very same list
 * while the question and the window are the same, so concurrent pollers share one rendering. Identity, not
 * equality: comparing 50 messages would cost what rendering them costs. Bounded crudely (cleared when full).
 */
final class RenderedAnswers {
    private static final int MAX_ANSWERS = 256;

    private record Identity(List<Message> answer) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.answer == answer;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(answer);
        }
    }

    private final Map<Identity, byte[]> rendered = new ConcurrentHashMap<>();

    byte[] bytes(List<Message> answer) {
        if (rendered.size() >= MAX_ANSWERS) {
            rendered.clear();
        }
        return rendered.computeIfAbsent(new Identity(answer),
                key -> MessageJson.array(answer).getBytes(StandardCharsets.UTF_8));
    }
}
