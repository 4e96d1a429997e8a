package dev.chorus.domain;

import java.util.Locale;

/** Where a persona-addressed message is in its life: waiting, being answered, answered, or given up. */
public enum BotStatus {
    PENDING, PROCESSING, COMPLETE, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BotStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
