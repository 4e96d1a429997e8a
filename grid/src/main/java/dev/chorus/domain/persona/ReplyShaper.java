package dev.chorus.domain.persona;

import java.util.List;
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
    /** A draft this long or shorter is the start of any reply whose completion starts like it, even a cut one. */
    static final int SURE_CHARS = MAX_REPLY_CHARS / 2 - 1;
    /** What the rules look for in any case, besides the persona's own phrases. */
    private static final List<String> MARKERS = List.of(SKIP_MARKER, "<think>", "</think>");

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
        ReplyText shaped = untruncated(entity, raw);
        if (!shaped.isText() || shaped.text().length() <= MAX_REPLY_CHARS) {
            return shaped;
        }
        return ReplyText.text(truncate(shaped.text()), true);
    }

    /**
     * What a draft of the reply may show while the completion is still arriving: the longest text that
     * {@link #shape} of {@code rawSoFar} followed by <em>any</em> continuation starts with, as far as the rules
     * can tell from here ({@code ""} when nothing is sure yet). The same rules as {@link #shape}, applied to the part
     * of the completion no rule can still change: a tail that could be the start of a {@code filterOut} or
     * {@code trimAfter} phrase, of {@value #SKIP_MARKER} or of {@code <think>} is held back until the next chunk
     * settles it; a completion that already says {@value #SKIP_MARKER} shows nothing. Past
     * {@value #SURE_CHARS} characters a draft ends at a word boundary, because a reply longer than
     * {@value #MAX_REPLY_CHARS} is cut at its last word boundary before that.
     *
     * <p>Two rules can take back words a prefix showed: a {@value #SKIP_MARKER} that comes after them and a
     * {@code </think>} without its opening tag (which drops everything before it). The persona's {@link DraftText}
     * rules them out: {@link DraftText#WRITING} shows no text, {@link DraftText#AFTER_REASONING} none before the
     * completion's {@code </think>}. Same as {@code draft(entity, entity.drafts(), rawSoFar)}.
     */
    public static String draft(Persona entity, String rawSoFar) {
        return draft(entity, entity.drafts(), rawSoFar);
    }

    /** {@link #draft(Persona, String)} under the mode {@code mode} instead of the persona's own. */
    public static String draft(Persona entity, DraftText mode, String rawSoFar) {
        if (rawSoFar == null || rawSoFar.isBlank() || mode == DraftText.WRITING
                || mode == DraftText.AFTER_REASONING && !rawSoFar.toLowerCase(Locale.ROOT).contains(THINK_CLOSE)) {
            return "";
        }
        String settled = rawSoFar.substring(0, settledLength(entity, rawSoFar));
        ReplyText shaped = untruncated(entity, settled);
        if (!shaped.isText()) {
            return "";
        }
        String text = shaped.text();
        if (text.length() <= SURE_CHARS) {
            return withoutLoneHighSurrogate(text);
        }
        int space = text.lastIndexOf(' ', Math.min(text.length() - 1, MAX_REPLY_CHARS - 1));
        return withoutLoneHighSurrogate(text.substring(0, Math.max(space, SURE_CHARS)));
    }

    /** A draft never ends inside a character: the low half of a surrogate pair may still be on its way. */
    private static String withoutLoneHighSurrogate(String text) {
        return !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))
                ? text.substring(0, text.length() - 1) : text;
    }

    /** The rules in order, without the length limit: SKIP, EMPTY, or the normalised text (any length). */
    private static ReplyText untruncated(Persona entity, String raw) {
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
        return ReplyText.text(normalised, false);
    }

    /**
     * How much of {@code raw} no rule can still change: up to the start of the longest tail that is a proper
     * beginning of a phrase some rule looks for (the markers in any case, the persona's phrases as written).
     */
    private static int settledLength(Persona entity, String raw) {
        int settled = raw.length();
        for (String marker : MARKERS) {
            settled = Math.min(settled, raw.length() - openTail(raw, marker, true));
        }
        for (List<String> phrases : List.of(entity.filterOut(), entity.trimAfter())) {
            for (String phrase : phrases) {
                settled = Math.min(settled, raw.length() - openTail(raw, phrase, false));
            }
        }
        return settled;
    }

    /** The length of the longest tail of {@code text} that is a proper beginning of {@code phrase}. */
    private static int openTail(String text, String phrase, boolean ignoreCase) {
        for (int k = Math.min(phrase.length() - 1, text.length()); k > 0; k--) {
            if (text.regionMatches(ignoreCase, text.length() - k, phrase, 0, k)) {
                return k;
            }
        }
        return 0;
    }

    /**
     * Whether {@code raw} closes a reasoning block it never opened ({@code </think>} before any {@code <think>}): the
     * sign of a chat template that opens the block in the prompt, so the completion began inside the reasoning.
     */
    public static boolean closesUnopenedReasoning(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        int close = lower.indexOf(THINK_CLOSE);
        int open = lower.indexOf("<think>");
        return close >= 0 && (open < 0 || open > close);
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
