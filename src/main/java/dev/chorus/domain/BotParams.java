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

    private static final Pattern AIS = Pattern.compile("[^:]{1,16}:((?:[01]\\d\\d|2[0-4]\\d|25[0-5]){3}|random)");
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

    /** PATCH bookkeeping: processed means complete; un-processing puts the message back to pending. */
    public BotParams withProcessed(boolean done) {
        return new BotParams(entity, priority, model, ais, nom, done,
                done ? BotStatus.COMPLETE : BotStatus.PENDING, attempts, replyId, lastError);
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
}
