package dev.chorus.domain;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * What a message asks of a persona ({@code entity}, {@code priority}, {@code model}, {@code ais}, {@code nom})
 * and the server-managed bookkeeping ({@code processed}, {@code status}, {@code attempts}, {@code replyId},
 * {@code lastError}). Nullable fields are simply absent on the wire.
 */
public record BotParams(String entity, Integer priority, String model, String ais, String nom,
                        Boolean processed, BotStatus status, Integer attempts, String replyId, String lastError)
        implements Serializable {

    private static final Pattern AIS = Pattern.compile("[^:]{1,32}:((?:[01]\\d\\d|2[0-4]\\d|25[0-5]){3}|random)");
    private static final Pattern NOM = Pattern.compile("\\d{1,4}|ALL");

    public BotParams {
        entity = blankToNull(entity);
        model = blankToNull(model);
        ais = blankToNull(ais);
        nom = blankToNull(nom);
        TextRules.check("botParams.entity", entity, 64);
        TextRules.check("botParams.model", model, 200);
        TextRules.check("botParams.ais", ais, 64);
        TextRules.check("botParams.replyId", replyId, 64);
        TextRules.check("botParams.lastError", lastError, 1000);
        if (priority != null && (priority < 0 || priority > 99)) {
            throw new InvalidMessageException("botParams.priority", "botParams.priority must be an integer 0-99");
        }
        if (ais != null && !AIS.matcher(ais).matches()) {
            throw new InvalidMessageException("botParams.ais", "botParams.ais must be name:RRRGGGBBB or name:random");
        }
        if (ais != null && !ais.endsWith(":random")) {
            Color.parse(ais.substring(ais.indexOf(':') + 1));
        }
        if (nom != null && !NOM.matcher(nom).matches()) {
            throw new InvalidMessageException("botParams.nom", "botParams.nom must be a number of lines or ALL");
        }
        if (attempts != null && attempts < 0) {
            throw new InvalidMessageException("botParams.attempts", "botParams.attempts must not be negative");
        }
    }

    /** The request part only, as a client may send it; bookkeeping is the server's. */
    public static BotParams request(String entity, Integer priority, String model, String ais, String nom) {
        return new BotParams(entity, priority, model, ais, nom, null, null, null, null, null);
    }

    /** A human message addressed to a persona starts unprocessed and pending. */
    public BotParams startPending() {
        return entity == null ? this
                : new BotParams(entity, priority, model, ais, nom, false, BotStatus.PENDING, 0, null, null);
    }

    /**
     * PATCH bookkeeping: processed means complete; un-processing puts the message back to pending. Either way an
     * earlier failure ({@code lastError}) is cleared: a bot that answers or requeues the message has dealt with it,
     * and {@code processed:true, status:complete} next to a stale error would contradict itself. Un-processing also
     * resets the attempts (a fresh start); the replyId of an answer is kept.
     */
    public BotParams withProcessed(boolean done) {
        return new BotParams(entity, priority, model, ais, nom, done,
                done ? BotStatus.COMPLETE : BotStatus.PENDING, done ? attempts : Integer.valueOf(0), replyId, null);
    }

    /** The note an imported persona message gets when the original had not answered it. */
    public static final String IMPORTED_UNANSWERED = "imported: the original had not answered it";

    /**
     * Bookkeeping of a persona message imported from the original's export: it is never answered again, by this
     * bot or by the original one (which answers what reads {@code processed:false}), so it is stored
     * {@code processed:true, status:complete}. One the original had answered keeps its replyId and attempts;
     * one it had not gets {@link #IMPORTED_UNANSWERED} as lastError, so the difference stays visible.
     */
    public BotParams imported(boolean answered, Integer fileAttempts, String fileReplyId) {
        return new BotParams(entity, priority, model, ais, nom, true, BotStatus.COMPLETE,
                answered ? fileAttempts : null, answered ? fileReplyId : null, answered ? null : IMPORTED_UNANSWERED);
    }

    public BotParams withProgress(BotStatus newStatus, Integer newAttempts, String newReplyId, String newLastError) {
        return new BotParams(entity, priority, model, ais, nom, newStatus == BotStatus.COMPLETE, newStatus,
                newAttempts, newReplyId, newLastError);
    }

    public boolean isEmpty() {
        return entity == null && priority == null && model == null && ais == null && nom == null
                && processed == null && status == null && attempts == null && replyId == null && lastError == null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * How far the bot's work on the message has got, for choosing between two copies of it: ends (processed,
     * complete, failed) above attempts made, above a claim in progress. The bot only moves forward, so of two
     * copies the one with more progress is the later one (an operator's PATCH back to pending is the exception:
     * the database row has it, and the next change of the message brings it to the window).
     */
    public long progress() {
        boolean ended = Boolean.TRUE.equals(processed) || status == BotStatus.COMPLETE || status == BotStatus.FAILED;
        int tries = attempts == null ? 0 : attempts;
        return (ended ? 1L << 40 : 0) + ((long) tries << 1) + (status == BotStatus.PROCESSING ? 1 : 0);
    }
}
