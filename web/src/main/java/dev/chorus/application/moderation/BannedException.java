package dev.chorus.application.moderation;

/** A POST from a banned address or username (403): says why and for how long. */
public class BannedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;
    private final long secondsLeft;

    public BannedException(String reason, long secondsLeft) {
        super("You are banned from posting: " + reason + " (" + describe(secondsLeft) + " left)");
        this.reason = reason;
        this.secondsLeft = secondsLeft;
    }

    public String reason() {
        return reason;
    }

    public long secondsLeft() {
        return secondsLeft;
    }

    private static String describe(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        return minutes < 120 ? minutes + " min" : ((minutes + 59) / 60) + " h";
    }
}
