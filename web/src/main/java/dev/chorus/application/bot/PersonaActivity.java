package dev.chorus.application.bot;

/**
 * What a persona did lately, for the operator console: of the messages addressed to it in the last hour, how many
 * it answered with a reply and how many failed (the port; the database adapter implements it).
 */
public interface PersonaActivity {

    record LastHour(long replies, long failures) {
    }

    LastHour lastHour(String personaId);
}
