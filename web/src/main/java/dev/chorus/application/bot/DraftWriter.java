package dev.chorus.application.bot;

import dev.chorus.application.ReplyDrafts;
import dev.chorus.domain.bot.BotOutcome;
import dev.chorus.domain.bot.ReplyDraft;
import dev.chorus.domain.persona.DraftText;
import dev.chorus.domain.persona.Persona;
import dev.chorus.domain.persona.ReplyShaper;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The draft of one attempt at a reply, as its completion streams in: started (empty: "the persona is writing")
 * when the LLM call begins, updated with {@link ReplyShaper#draft} of the text so far under the persona's
 * {@link DraftModes mode} (which a completion that begins inside its reasoning changes) — at most once per
 * {@link #MIN_INTERVAL}, and only when what may be shown changed — and ended with the attempt's outcome. Not
 * thread-safe: the worker's thread drives it. A failure to publish is logged and ignored: a draft is a preview and
 * must never cost a reply.
 */
final class DraftWriter {
    private static final Logger LOG = Logger.getLogger(DraftWriter.class.getName());
    /** Readers get at most this many updates of one draft per second: ~10, smooth enough to read as typing. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /**
     * A draft whose shown text does not change (the model is thinking, its text hidden) is sent again this often
     * while chunks arrive, so that a page, which drops a draft silent for 45 s (its end may be lost), keeps it.
     */
    static final Duration REPUBLISH_INTERVAL = Duration.ofSeconds(15);

    private final ReplyDrafts drafts;
    private final Persona persona;
    private final DraftModes modes;
    private final String model;
    private final LongSupplier nanoTime;
    private ReplyDraft current;
    private boolean begun;
    private long lastSentNanos;
    private boolean broken;

    /** A draft of {@code persona}'s reply from {@code model}, under the mode {@code modes} gives them. */
    DraftWriter(ReplyDrafts drafts, Persona persona, DraftModes modes, String model, ReplyDraft started,
                LongSupplier nanoTime) {
        this.drafts = drafts;
        this.persona = persona;
        this.modes = modes;
        this.model = model;
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

    /**
     * The raw completion so far (a view, copied only when it is time to shape it): publishes what the rules let
     * readers see of it, if it changed and it is time — or, unchanged, once per {@link #REPUBLISH_INTERVAL}. Never
     * throws: a shaping failure is the draft's alone (logged once, drafting stops), not the LLM call's, which would
     * otherwise count it against the server.
     */
    void textSoFar(CharSequence raw) {
        long now = nanoTime.getAsLong();
        if (!begun || broken || now - lastSentNanos < MIN_INTERVAL.toNanos()) {
            return; // the next chunk after the interval carries everything up to it
        }
        String shown;
        try {
            String text = raw.toString();
            DraftText mode = modes.modeOf(persona, model);
            if (mode == DraftText.LIVE && ReplyShaper.closesUnopenedReasoning(text)) {
                modes.sawUnopenedReasoning(persona, model);
                mode = modes.modeOf(persona, model);
            }
            shown = ReplyShaper.draft(persona, mode, text);
        } catch (RuntimeException e) {
            broken = true;
            LOG.log(Level.WARNING, "could not shape a reply draft; no more updates of this draft", e);
            return;
        }
        if (shown.equals(current.text()) && now - lastSentNanos < REPUBLISH_INTERVAL.toNanos()) {
            return;
        }
        current = current.withText(shown);
        lastSentNanos = now;
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
