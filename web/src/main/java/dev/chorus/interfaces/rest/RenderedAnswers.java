package dev.chorus.interfaces.rest;

import dev.chorus.domain.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JSON bytes of poll answers, keyed by the answer list's identity: the board returns the very same list
 * while the question and the window are the same, so concurrent pollers share one rendering. Identity, not
 * equality: comparing 50 messages would cost what rendering them costs. Bounded in bytes: at most
 * {@value #MAX_BYTES} bytes of rendered answers (and {@value #MAX_ANSWERS} answers), cleared when full.
 */
final class RenderedAnswers {
    private static final int MAX_ANSWERS = 256;
    static final long MAX_BYTES = 8L * 1024 * 1024;

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
    private final AtomicLong bytes = new AtomicLong();

    byte[] bytes(List<Message> answer) {
        Identity key = new Identity(answer);
        byte[] cached = rendered.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] fresh = MessageJson.array(answer).getBytes(StandardCharsets.UTF_8);
        if (fresh.length > MAX_BYTES / 4) {
            return fresh; // a huge answer is not worth keeping
        }
        if (rendered.size() >= MAX_ANSWERS || bytes.addAndGet(fresh.length) > MAX_BYTES) {
            rendered.clear();
            bytes.set(fresh.length);
        }
        byte[] raced = rendered.putIfAbsent(key, fresh);
        return raced != null ? raced : fresh;
    }
}
