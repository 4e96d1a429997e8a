package dev.chorus.domain.persona;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a raw completion into what a persona posts, in the original bot's order:
 * <ol>
 *   <li>reasoning blocks {@code <think>...</think>} are dropped (an unclosed {@code <think>} drops the rest; a
 *       {@code </think>} without its opening tag, as templates that open the block in the prompt produce, drops
 *       everything before it);</li>
 *   <li>a reply containing {@value #SKIP_MARKER} (any case) is {@link ReplyText.Kind#SKIP};</li>
 *   <li>every occurrence of each {@code filterOut} string is removed (case-sensitive, in the listed order);</li>
 *   <li>the reply is cut at the earliest occurrence of any {@code trimAfter} string. With {@code trimWhitespace}
 *       leading whitespace is removed first, so a reply that merely starts with a newline is not cut to nothing by a
 *       {@code "\n"} entry;</li>
 *   <li>{@code trimWhitespace} trims both ends;</li>
 *   <li>the board's own normalisation (runs of whitespace become one space, trimmed) is applied, so the length check
 *       and the posted text match what the board stores. Nothing left: {@link ReplyText.Kind#EMPTY}, a failed
 *       attempt. Longer than {@value #MAX_REPLY_CHARS} characters: cut at the last word boundary and ended with
 *       {@code "…"} ({@link ReplyText#truncated()}), because the board rejects longer text.</li>
 * </ol>
 */
public final class ReplyShaper {
    public static final String SKIP_MARKER = "[SKIP]";
    /** The board's limit on a message's text (docs/api.md). */
    public static final int MAX_REPLY_CHARS = 1000;

    private static final Pattern THINK_BLOCK = Pattern.compile("(?is)<think>.*?</think>");
    private static final String THINK_CLOSE = "</think>";
    private static final Pattern THINK_OPEN = Pattern.compile("(?is)<think>.*");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private ReplyShaper() {
    }

    public static ReplyText shape(Persona entity, String raw) {
        if (raw == null || raw.isBlank()) {
            return ReplyText.empty("the model returned an empty reply");
        }
        String text = withoutReasoning(raw);
        if (text.toUpperCase(Locale.ROOT).contains(SKIP_MARKER)) {
            return ReplyText.skip();
        }
        for (String phrase : entity.filterOut()) {
            text = text.replace(phrase, "");
        }
        if (entity.trimWhitespace()) {
            text = text.stripLeading();
        }
        int cut = -1;
        for (String phrase : entity.trimAfter()) {
            int at = text.indexOf(phrase);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            text = text.substring(0, cut);
        }
        if (entity.trimWhitespace()) {
            text = text.strip();
        }
        String normalised = WHITESPACE_RUN.matcher(text).replaceAll(" ").strip();
        if (normalised.isEmpty()) {
            return ReplyText.empty("the reply was empty after filterOut/trimAfter/trimming");
        }
        if (normalised.length() <= MAX_REPLY_CHARS) {
            return ReplyText.text(normalised, false);
        }
        return ReplyText.text(truncate(normalised), true);
    }

    private static String withoutReasoning(String raw) {
        String text = THINK_BLOCK.matcher(raw).replaceAll("");
        int close = text.toLowerCase(Locale.ROOT).lastIndexOf(THINK_CLOSE);
        if (close >= 0) {
            text = text.substring(close + THINK_CLOSE.length());
        }
        return THINK_OPEN.matcher(text).replaceAll("");
    }

    private static String truncate(String text) {
        int limit = MAX_REPLY_CHARS - 1;
        int space = text.lastIndexOf(' ', limit);
        String head = space > limit / 2 ? text.substring(0, space) : text.substring(0, limit);
        if (Character.isHighSurrogate(head.charAt(head.length() - 1))) {
            head = head.substring(0, head.length() - 1);
        }
        return head.stripTrailing() + "…";
    }
}
