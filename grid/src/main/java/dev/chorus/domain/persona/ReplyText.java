package dev.chorus.domain.persona;

import java.io.Serializable;

/**
 * A persona's reply after shaping ({@link ReplyShaper}).
 * <ul>
 *   <li>{@link Kind#TEXT}: post {@link #text()} (already in the board's normalised form, at most
 *       {@value ReplyShaper#MAX_REPLY_CHARS} characters; {@link #truncated()} says whether it had to be cut).</li>
 *   <li>{@link Kind#SKIP}: the persona chose not to answer ({@code [SKIP]}): complete the message, post nothing,
 *       record it.</li>
 *   <li>{@link Kind#EMPTY}: nothing left to post; a failed attempt, never silence. {@link #reason()} says why, for
 *       {@code lastError}.</li>
 * </ul>
 */
public record ReplyText(Kind kind, String text, boolean truncated, String reason) implements Serializable {

    public enum Kind { TEXT, SKIP, EMPTY }

    public ReplyText {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (kind == Kind.TEXT && (text == null || text.isBlank())) {
            throw new IllegalArgumentException("a TEXT reply needs text");
        }
        if (kind != Kind.TEXT) {
            text = null;
            truncated = false;
        }
    }

    public static ReplyText text(String text, boolean truncated) {
        return new ReplyText(Kind.TEXT, text, truncated, null);
    }

    public static ReplyText skip() {
        return new ReplyText(Kind.SKIP, null, false, "the persona replied [SKIP]");
    }

    public static ReplyText empty(String reason) {
        return new ReplyText(Kind.EMPTY, null, false, reason);
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    public boolean isSkip() {
        return kind == Kind.SKIP;
    }

    public boolean isEmpty() {
        return kind == Kind.EMPTY;
    }
}
