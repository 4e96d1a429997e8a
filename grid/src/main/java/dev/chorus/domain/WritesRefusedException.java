package dev.chorus.domain;

/**
 * This member cannot take writes now and says why (it is on the minority side of a split, it came back from a
 * pause alone, or another member took over writing): a 503 with Retry-After, never a 2xx that a fault could
 * take back. Serializable with no cause, so it crosses the grid as itself.
 */
public class WritesRefusedException extends StorageUnavailableException {
    private static final long serialVersionUID = 1L;

    public WritesRefusedException(String reason) {
        super(reason, null);
    }
}
