package dev.chorus.interfaces.sse;

/** No live-push slot left: on this member, or for this client address. Answered 503 with Retry-After. */
final class StreamLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean perAddress;

    StreamLimitException(boolean perAddress) {
        super(perAddress ? "Too many live connections from your address; close another tab or try again later"
                : "The live stream is full right now; try again shortly (the page keeps updating by polling)",
                null, false, false);
        this.perAddress = perAddress;
    }

    boolean perAddress() {
        return perAddress;
    }
}
