package dev.chorus.application.bot;

import dev.chorus.application.MessagePosted;
import dev.chorus.domain.BotParams;
import dev.chorus.domain.BotStatus;
import dev.chorus.domain.Message;
import dev.chorus.domain.bot.BotQueue;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.domain.persona.Persona;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a stored persona-addressed message into bot work: a known, enabled entity gets a pending task in the
 * queue. A persona this bot lacks (unknown, or disabled in its file) leaves the message alone: pending, no attempts,
 * no lastError, so another bot reading the board (the original Node bot) can serve it and its PATCH is the only
 * write; the reconciler takes it in later should the persona appear in the file.
 *
 * <p>Observes {@link MessagePosted}, which the board fires synchronously after the message is durable
 * and before the 2xx. If this member dies between the two, the message row says pending and the reconciler
 * enqueues it later: nothing is lost, the 2xx is not held up by the queue.
 */
@ApplicationScoped
public class WorkIntake {
    private static final Logger LOG = Logger.getLogger(WorkIntake.class.getName());

    @Inject
    BotQueue queue;

    @Inject
    PersonaDirectory personas;

    void onPosted(@Observes MessagePosted event) {
        Message message = event.message();
        try {
            accept(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not enqueue " + message.id() + " now; the reconciler will", e);
        }
    }

    /** Enqueues a waiting persona-addressed message (idempotent); true when it is (now) in the queue. */
    public boolean accept(Message message) {
        BotParams params = message.botParams();
        if (!message.addressedToPersona() || Boolean.TRUE.equals(params.processed())
                || params.status() == BotStatus.COMPLETE || params.status() == BotStatus.FAILED) {
            return false;
        }
        Optional<Persona> entity = personas.find(params.entity());
        if (entity.isEmpty() || !entity.get().enabled()) {
            LOG.fine(() -> "No enabled persona " + params.entity() + " here; " + message.id() + " is left to other bots");
            return false;
        }
        int priority = params.priority() != null ? params.priority() : entity.get().defaultPriority();
        queue.enqueue(BotTask.pending(message.id().value(), params.entity(), priority, message.timestamp(),
                params.attempts() == null ? 0 : params.attempts()));
        return true;
    }
}
