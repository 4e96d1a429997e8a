package dev.chorus.infrastructure.grid;

import com.hazelcast.topic.ITopic;
import dev.chorus.application.VisibilityChanges;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.VisibilityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Hide and restore, told to every member over one Hazelcast topic. A topic, not the window: the window says what
 * readers may read from now on (a hidden message is simply no longer in it), the topic tells readers who already
 * showed it to take it away. A member that misses an event (it joined later, or was cut off) loses nothing a new
 * reader needs: lists and the window leave the message out either way.
 */
@ApplicationScoped
public class VisibilityEvents implements VisibilityChanges {
    static final String TOPIC = "chorus-visibility";

    @Inject
    GridMaps maps;

    void publish(MessageId id, boolean hidden) {
        topic().publish(new VisibilityEvent(id, hidden));
    }

    @Override
    public AutoCloseable onChange(Consumer<VisibilityEvent> listener) {
        ITopic<VisibilityEvent> topic = topic();
        UUID registration = topic.addMessageListener(message -> listener.accept(message.getMessageObject()));
        return () -> topic.removeMessageListener(registration);
    }

    private ITopic<VisibilityEvent> topic() {
        return maps.hazelcast().getTopic(TOPIC);
    }
}
