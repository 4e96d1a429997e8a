package dev.chorus.application.bot;

import java.util.Map;

/**
 * What a persona did lately, for the operator console: of the messages addressed to it in the last hour, how many
 * it answered with a reply and how many failed (the port; the database adapter implements it).
 */
public interface PersonaActivity {

    record LastHour(long replies, long failures) {
        public static final LastHour NONE = new LastHour(0, 0);
    }

    /** Every persona's last hour at once (one read however many personas), by persona id; absent: none. */
    Map<String, LastHour> lastHour();
}
