package dev.chorus.application;

/**
 * Who is calling: the client address the rate limit (and a ban) counts, and which credential was presented: the
 * bot's, the operator's (moderation and the bot queue), or none.
 */
public record Caller(String address, boolean bot, boolean operator) {

    /** A caller without the operator credential. */
    public Caller(String address, boolean bot) {
        this(address, bot, false);
    }

    /** The name the audit log gives this caller's credential. */
    public String credential() {
        return operator ? "operator" : bot ? "bot" : "none";
    }
}
