package dev.chorus.domain;

/**
 * The database refused a post stamped under a writer epoch that is no longer current: another member has
 * taken over the recent window since it was stamped. Nothing was stored; the poster takes the stamp back and
 * stamps again in the current window (or answers 503 when that is not possible).
 */
public class StaleWriterException extends StorageUnavailableException {
    private static final long serialVersionUID = 1L;

    public StaleWriterException(String message) {
        super(message, null);
    }
}
