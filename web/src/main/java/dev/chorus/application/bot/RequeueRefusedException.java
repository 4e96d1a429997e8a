package dev.chorus.application.bot;

/**
 * An operator's action on a bot task that its state does not allow: a requeue of a message that is not failed, or
 * pending again but with no enabled persona here (left for another bot); a cancel of a task being answered or not
 * queued; a priority for a task not queued. The REST layer answers 409.
 */
public class RequeueRefusedException extends RuntimeException {

    public RequeueRefusedException(String message) {
        super(message);
    }
}
