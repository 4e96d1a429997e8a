package dev.chorus.application;

/** The call needs the bot credential and did not present a valid one (401). */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
