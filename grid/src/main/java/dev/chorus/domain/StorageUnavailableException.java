package dev.chorus.domain;

/** The grid or the database could not answer; clients get a 503, never an empty success. */
public class StorageUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
