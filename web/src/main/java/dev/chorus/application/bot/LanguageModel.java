package dev.chorus.application.bot;

import dev.chorus.domain.bot.LlmAnswer;
import dev.chorus.domain.persona.Prompt;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The LLM servers as the bot sees them (the port; the LLM adapter implements it over its server pool): complete a
 * prompt, say how much work is worth claiming, and how long a call may take.
 */
public interface LanguageModel {

    /**
     * Completes {@code prompt} on a server that can take it, waiting at most {@code slotWait} for a free slot.
     * {@code slotTaken} runs once a slot is held (before the call), so the dispatcher knows how much more it may
     * claim. Failures come back as {@link LlmAnswer#failed} values, never as exceptions ("no server" and "busy" at
     * once, without a slot).
     */
    LlmAnswer complete(Prompt prompt, Duration slotWait, Runnable slotTaken);

    /**
     * As {@link #complete(Prompt, Duration, Runnable)}, streamed: {@code textSoFar} hears the raw completion so far
     * (not yet shaped) each time it grows, on the calling thread — a view of the growing text, valid only during the
     * call (copy what you keep; copying only when you use it keeps a long answer from costing its square). A model
     * that cannot stream answers the other way and says nothing until the answer is complete.
     */
    default LlmAnswer complete(Prompt prompt, Duration slotWait, Runnable slotTaken, Consumer<CharSequence> textSoFar) {
        return complete(prompt, slotWait, slotTaken);
    }

    /** Calls this member could start now without waiting: 0 when no server is usable. */
    int freeSlots();

    /** The longest one call may last once it holds its slot (connect and read timeouts). */
    Duration callBudget();

    /** Probes the servers if their last probe is old enough (more often while one is down); the bot's scheduler
     * calls it every few seconds. */
    void probeIfDue();
}
