package dev.chorus.domain;

import java.util.Locale;

/** How the user search ({@code uss}) compares names: lower-cased, non-alphanumerics removed (compat). */
public final class Usernames {
    private Usernames() {
    }

    public static String searchKey(String username) {
        return username == null ? null : username.toLowerCase(Locale.ROOT).replaceAll("[^\\p{Alnum}]", "");
    }
}
