package dev.chorus.domain;

/**
 * What a client may send in a string, checked on the raw value before anything is normalised or stored (docs/api.md,
 * "Input rules"). Stored messages are not re-checked, so tightening these rules never makes old rows unreadable.
 * Every violation is an {@link InvalidMessageException} naming the field.
 *
 * <ul>
 * <li>every string: no lone (unpaired) surrogate, no NUL;</li>
 * <li>{@link #text}: no control character except newline and tab (a CR directly before a newline is a line
 *     break too), no U+2028/U+2029, and at least one visible character once whitespace, format characters (Cf:
 *     zero-width space/joiners, bidi marks, soft hyphen, ...) and other invisible fillers are taken away;</li>
 * <li>{@link #name}: no control character and no line break of any kind (a username becomes one line of a
 *     persona prompt);</li>
 * <li>{@link #token}: no control character at all (domain, language, ids, colors).</li>
 * </ul>
 */
public final class InputRules {
    private InputRules() {
    }

    /** Free text (message text, context lines, misc). Returns the value unchanged. */
    public static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        surrogates(field, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\t' || (c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n')) {
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new InvalidMessageException(field, field + " must not contain control characters (only newline and tab), found "
                        + codePoint(c));
            }
        }
        return value;
    }

    /** Message text: {@link #text} plus at least one visible character. */
    public static String visibleText(String field, String value) {
        text(field, value);
        if (value != null && !hasVisible(value)) {
            throw new InvalidMessageException(field, field + " must contain visible characters, not only spaces or invisible ones");
        }
        return value;
    }

    /** A username: no control character and no line break. */
    public static String name(String field, String value) {
        if (value == null) {
            return null;
        }
        surrogates(field, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new InvalidMessageException(field, field + " must be one line without control characters, found " + codePoint(c));
            }
        }
        return value;
    }

    /** Short technical strings: no control character at all. */
    public static String token(String field, String value) {
        return name(field, value);
    }

    /** True if something is left once whitespace, format and other invisible characters are removed. */
    public static boolean hasVisible(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (!invisible(cp)) {
                return true;
            }
        }
        return false;
    }

    static boolean invisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
            return true; // includes NBSP, U+2007, U+202F, ideographic space, line/paragraph separators
        }
        int type = Character.getType(cp);
        if (type == Character.FORMAT) {
            return true; // zero-width space/joiners, word joiner, bidi marks and isolates, soft hyphen, BOM, tags
        }
        return cp == 0x034F // combining grapheme joiner
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) // variation selectors
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 // Hangul fillers
                || cp == 0x2800 // braille blank
                || cp == 0x180E; // Mongolian vowel separator
    }

    private static void surrogates(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidMessageException(field, field + " contains a lone surrogate (" + codePoint(c)
                        + "), which is not a character");
            } else if (c == '\u0000') {
                throw new InvalidMessageException(field, field + " must not contain the NUL character");
            }
        }
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
