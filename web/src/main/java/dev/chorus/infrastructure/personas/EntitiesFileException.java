package dev.chorus.infrastructure.personas;

/**
 * The entities file as a whole could not be used (unreadable, not JSON, no {@code entities} array). The caller
 * keeps its last good catalog. Single bad entries never raise this: they are skipped and reported.
 */
public final class EntitiesFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public EntitiesFileException(String message) {
        super(message);
    }

    public EntitiesFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
