package dev.chorus.domain;

/** Rules every stored string follows: a maximum length, and no NUL character (PostgreSQL cannot store one). */
public final class TextRules {
    private TextRules() {
    }

    /** Accepts null; otherwise at most {@code max} characters and no U+0000. */
    public static void check(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new InvalidMessageException(field, field + " must be at most " + max + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidMessageException(field, field + " must not contain the NUL character");
        }
    }
}
