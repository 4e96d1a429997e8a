package dev.chorus.domain;

/**
 * Storage failed before anything could be stored: the connection could not be had, or a statement failed before
 * the commit was asked for, so the transaction cannot have committed. Unlike its parent, which may also mean "the
 * commit's answer was lost", the caller knows the outcome without reading it back (a read the same outage would
 * fail too) and can take a pending post back at once.
 */
public class NothingStoredException extends StorageUnavailableException {
    private static final long serialVersionUID = 1L;

    public NothingStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
