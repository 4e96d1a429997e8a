package dev.chorus.interfaces.rest;

import dev.chorus.domain.InvalidMessageException;
import dev.chorus.domain.MessageType;

/** Query parameters of the list endpoints, checked: a malformed value is a 400 naming the parameter. */
public final class Queries {
    private Queries() {
    }

    public static MessageType type(String type) {
        if (type == null || type.isBlank() || "ALL".equalsIgnoreCase(type)) {
            return null;
        }
        if ("ai".equalsIgnoreCase(type)) {
            return MessageType.AI;
        }
        if ("human".equalsIgnoreCase(type)) {
            return MessageType.HUMAN;
        }
        throw new InvalidMessageException("type", "type must be human or AI");
    }

    public static long cursor(String value) {
        try {
            long cursor = Long.parseLong(value.trim());
            if (cursor < 0) {
                throw new NumberFormatException();
            }
            return cursor;
        } catch (NumberFormatException e) {
            throw new InvalidMessageException("after", "after (or since) must be a timestamp in milliseconds");
        }
    }

    public static int limit(String value, int defaultLimit, int max) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        String digits = value.trim();
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        // docs/api.md: a larger limit is clamped, however large (also beyond the range of a long)
        if (!digits.isEmpty() && digits.length() <= 1000 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            String significant = digits.replaceFirst("^0+", "");
            if (significant.isEmpty()) {
                throw new InvalidMessageException("limit", "limit must be a positive integer (at most " + max + ")");
            }
            return significant.length() > 9 ? max : Math.min(Integer.parseInt(significant), max);
        }
        throw new InvalidMessageException("limit", "limit must be a positive integer (at most " + max + ")");
    }

    /**
     * A page's (or user search's) limit: like {@link #limit} but 0 is allowed, answering an empty page that still
     * tells {@code total} and {@code hasMore} (the original's page asks {@code offset=0&limit=0} for its total).
     */
    public static int pageLimit(String value, int defaultLimit, int max) {
        if (value != null && !value.isBlank() && "0".equals(value.trim())) {
            return 0;
        }
        return limit(value, defaultLimit, max);
    }

    public static int offset(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(value.trim());
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new InvalidMessageException("offset", "offset must be a non-negative integer");
        }
    }
}
