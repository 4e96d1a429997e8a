package dev.chorus.domain;

import java.io.Serializable;

/** One user of a {@code uss} search: a name compared by its search key and, when given, an exact color. */
public record UserFilter(String key, Color color) implements Serializable {
    public UserFilter {
        if (key == null || key.isEmpty()) {
            throw new InvalidMessageException("uss", "uss needs names of letters or digits, as name or name:RRRGGGBBB");
        }
    }

    /** Parses {@code name} or {@code name:RRRGGGBBB}. */
    public static UserFilter parse(String term) {
        int colon = term.lastIndexOf(':');
        String name = colon < 0 ? term : term.substring(0, colon);
        Color color = colon < 0 ? null : Color.parse(term.substring(colon + 1));
        return new UserFilter(Usernames.searchKey(name), color);
    }
}
