package dev.chorus.application.moderation;

import static dev.chorus.domain.TestMessages.human;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.application.Caller;
import dev.chorus.application.MessageHidden;
import dev.chorus.application.MessageNotFoundException;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageBoard;
import dev.chorus.domain.MessageId;
import jakarta.enterprise.event.Event;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Hide tells the bot (MessageHidden, so a pending reply fails), every time it is asked; restore and a miss do not. */
class ModerationTest {
    private static final Caller OPERATOR = new Caller("127.0.0.1", false, true);
    private final List<MessageHidden> fired = new CopyOnWriteArrayList<>();
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private final Moderation moderation = new Moderation();

    @SuppressWarnings("unchecked")
    private static <T> T only(Class<T> type, String method, java.util.function.Function<Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(ModerationTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, called, args) -> {
                    if (called.getName().equals(method)) {
                        return answer.apply(args);
                    }
                    throw new UnsupportedOperationException(called.toString());
                });
    }

    ModerationTest() {
        Message stored = human("m1");
        moderation.board = only(MessageBoard.class, "setHidden",
                args -> ((MessageId) args[0]).equals(stored.id()) ? Optional.of(stored) : Optional.empty());
        moderation.hiddenEvents = only(Event.class, "fire", args -> {
            fired.add((MessageHidden) args[0]);
            return null;
        });
        moderation.audit = new AuditLog() {
            @Override
            public void record(AuditEntry entry) {
                audited.add(entry.action());
            }

            @Override
            public List<AuditEntry> newest(int limit) {
                return List.of();
            }
        };
    }

    @Test
    void everyHideTellsTheBotAndRestoreDoesNot() {
        moderation.hide("m1", OPERATOR);
        moderation.hide("m1", OPERATOR); // a retry: the bot is told again, in case the first try failed there
        moderation.restore("m1", OPERATOR);

        assertEquals(List.of(new MessageHidden(new MessageId("m1")), new MessageHidden(new MessageId("m1"))), fired);
        assertEquals(List.of("hide", "hide", "restore"), audited);
        assertThrows(MessageNotFoundException.class, () -> moderation.hide("no-such", OPERATOR));
        assertEquals(2, fired.size(), "nothing to tell about a message that does not exist");
    }
}
