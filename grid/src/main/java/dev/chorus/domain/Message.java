package dev.chorus.domain;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One message on the board, as stored. {@code timestamp} is assigned by the server and is the polling cursor
 * (0 until assigned); {@code context} is kept with the message, and in lists only for messages addressed to a
 * persona ({@link #slim()}), where a bot reading the list needs it.
 */
public record Message(MessageId id, String text, long timestamp, Long clientTimestamp, String username,
                      Color color, String domain, String language, MessageType type, String misc,
                      List<String> context, BotParams botParams, String replyTo) implements Serializable {

    public static final int MAX_TEXT = 1000;
    public static final int MAX_USERNAME = 16;
    /**
     * Persona names (message-type AI, which needs the bot credential) may be longer: the original's personas go up
     * to 21 characters ({@code EmotionalIntelligence}); 32 leaves room without letting humans post long names.
     */
    public static final int MAX_PERSONA_USERNAME = 32;
    public static final int MAX_DOMAIN = 253;
    public static final int MAX_MISC = 1000;
    public static final int MAX_CONTEXT_LINES = 200;
    public static final int MAX_CONTEXT_LINE = 1000;

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(type, "type");
        text = normalizeText(text);
        if (text.isEmpty()) {
            throw new InvalidMessageException("text", "text must not be empty");
        }
        TextRules.check("text", text, MAX_TEXT);
        username = username == null || username.isBlank() ? null : username.trim();
        TextRules.check("username", username, type == MessageType.AI ? MAX_PERSONA_USERNAME : MAX_USERNAME);
        domain = domain == null || domain.isBlank() ? "unknown" : domain.trim();
        TextRules.check("domain", domain, MAX_DOMAIN);
        language = language == null || language.isBlank() ? "en" : language.trim();
        TextRules.check("language", language, 35);
        TextRules.check("misc", misc, MAX_MISC);
        TextRules.check("replyTo", replyTo, 64);
        if (context != null) {
            if (context.size() > MAX_CONTEXT_LINES) {
                throw new InvalidMessageException("context", "context must have at most " + MAX_CONTEXT_LINES + " lines");
            }
            for (String line : context) {
                if (line == null) {
                    throw new InvalidMessageException("context", "context lines must be strings");
                }
                TextRules.check("context", line, MAX_CONTEXT_LINE);
            }
            context = List.copyOf(context);
        }
        if (botParams != null && botParams.isEmpty()) {
            botParams = null;
        }
    }

    /** Trimmed, with every run of whitespace made one space (docs/api.md). */
    public static String normalizeText(String raw) {
        if (raw == null) {
            return "";
        }
        return isNormal(raw) ? raw : raw.strip().replaceAll("\\s+", " ");
    }

    /** The common case, checked without a regex: every copy of a message (stamp, slim, bookkeeping) passes here. */
    private static boolean isNormal(String text) {
        int last = text.length() - 1;
        if (last >= 0 && (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(last)))) {
            return false;
        }
        for (int i = 0; i <= last; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || Character.isWhitespace(text.charAt(i + 1)))) {
                return false;
            }
        }
        return true;
    }

    public Message withTimestamp(long assigned) {
        return new Message(id, text, assigned, clientTimestamp, username, color, domain, language, type, misc,
                context, botParams, replyTo);
    }

    public Message withBotParams(BotParams params) {
        return new Message(id, text, timestamp, clientTimestamp, username, color, domain, language, type, misc,
                context, params, replyTo);
    }

    /**
     * The shape kept in the recent window and sent in lists: everything but {@code context}, which only messages
     * addressed to a persona ({@code botParams.entity}) keep, since a bot builds its prompt from it (docs/api.md).
     */
    public Message slim() {
        return context == null || namesPersona() ? this : new Message(id, text, timestamp, clientTimestamp, username, color, domain,
                language, type, misc, null, botParams, replyTo);
    }

    /** Carries a {@code botParams.entity}, whatever its type. */
    public boolean namesPersona() {
        return botParams != null && botParams.entity() != null;
    }

    public boolean addressedToPersona() {
        return type == MessageType.HUMAN && botParams != null && botParams.entity() != null;
    }
}
