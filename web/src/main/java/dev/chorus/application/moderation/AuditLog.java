package dev.chorus.application.moderation;

import dev.chorus.application.Caller;
import java.util.List;
import java.util.logging.Logger;

/** What operators did, durable: appended once per action, read newest first. */
public interface AuditLog {

    void record(AuditEntry entry);

    /** The newest {@code limit} entries, newest first. */
    List<AuditEntry> newest(int limit);

    /**
     * Records an action that has already taken effect: a failure to write the entry goes to {@link #notRecorded},
     * not to the caller, so the caller is not told the action failed when only its record did.
     */
    default void recordDone(Caller caller, String action, String target, String detail) {
        try {
            record(new AuditEntry(0, System.currentTimeMillis(), caller.credential(), action, target, detail));
        } catch (RuntimeException e) {
            notRecorded(action, target, e);
        }
    }

    /**
     * An action took effect but its entry could not be written. The adapter counts it where operators look (the
     * database adapter: {@code chorus_audit_failures_total}, docs/operations.md); this default only logs.
     */
    default void notRecorded(String action, String target, RuntimeException cause) {
        Logger.getLogger(AuditLog.class.getName())
                .warning(() -> "audit entry not written (" + action + " " + target + "): " + cause);
    }
}
