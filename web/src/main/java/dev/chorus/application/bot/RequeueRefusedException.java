package dev.chorus.application.bot;

/**
 * An operator's requeue that cannot be done in the message's state: it is not failed, or it is pending again but
 * this member has no enabled persona for it (left for another bot). The REST layer answers 409.
 */
public class RequeueRefusedException extends RuntimeException {

    public RequeueRefusedException(String message) {
        super(message);
    }
}
