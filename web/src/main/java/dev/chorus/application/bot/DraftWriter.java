package dev.chorus.application.bot;

import dev.chorus.application.ReplyDrafts;
import dev.chorus.domain.bot.BotOutcome;
import dev.chorus.domain.bot.ReplyDraft;
import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.ReplyShaper;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The draft of one attempt at a reply, as its completion streams in: started (empty: "the persona is writing")
 * when the LLM call begins, updated with {@link ReplyShaper#draft} of the text so far — at most once per
 * {@link #MIN_INTERVAL}, and only when what may be shown changed — and ended with the attempt's outcome. Not
 * thread-safe: the worker's thread drives it. A failure to publish is logged and ignored: a draft is a preview and
 * must never cost a reply.
 */
final class DraftWriter {
    private static final Logger LOG = Logger.getLogger(DraftWriter.class.getName());
    /** Readers get at most this many updates of one draft per second: ~10, smooth enough to read as typing. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private final ReplyDrafts drafts;
    private final Persona persona;
    private final LongSupplier nanoTime;
    private ReplyDraft current;
    private boolean begun;
    private long lastSentNanos;

    DraftWriter(ReplyDrafts drafts, Persona persona, ReplyDraft started, LongSupplier nanoTime) {
        this.drafts = drafts;
        this.persona = persona;
        this.current = started;
        this.nanoTime = nanoTime;
    }

    /** The LLM call has its slot: readers learn that the persona is writing (a draft with no text yet). */
    void begin() {
        if (!begun) {
            begun = true;
            lastSentNanos = nanoTime.getAsLong();
            send(current);
        }
    }

    /** The raw completion so far: publishes what the rules let readers see of it, if it changed and it is time. */
    void textSoFar(String raw) {
        if (!begun || nanoTime.getAsLong() - lastSentNanos < MIN_INTERVAL.toNanos()) {
            return; // the next chunk after the interval carries everything up to it
        }
        String shown = ReplyShaper.draft(persona, raw);
        if (shown.equals(current.text())) {
            return;
        }
        current = current.withText(shown);
        lastSentNanos = nanoTime.getAsLong();
        send(current);
    }

    /** Ends the draft with the attempt's outcome: replaced by the stored reply, or withdrawn. */
    void end(BotOutcome outcome) {
        if (!begun) {
            return; // never shown: nothing to withdraw
        }
        if (outcome instanceof BotOutcome.Completed done && done.replyId() != null) {
            send(current.ended(ReplyDraft.End.REPLIED, done.replyId()));
        } else if (outcome instanceof BotOutcome.Completed) {
            send(current.ended(ReplyDraft.End.SKIPPED, null));
        } else if (outcome instanceof BotOutcome.AttemptFailed || outcome instanceof BotOutcome.GaveUp) {
            send(current.ended(ReplyDraft.End.FAILED, null));
        } else {
            send(current.ended(ReplyDraft.End.WITHDRAWN, null));
        }
    }

    private void send(ReplyDraft draft) {
        try {
            drafts.publish(draft);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not publish a reply draft", e);
        }
    }
}
