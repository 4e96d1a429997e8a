package dev.chorus.application.bot;

import java.util.Map;

/**
 * Switches an operator flips from the console that must hold on every member and across restarts: the bot's
 * dispatch paused, and personas turned on or off without editing the entities file. Asked on every dispatch
 * pass and persona lookup, so an implementation answers from memory and keeps that copy fresh (a change made on
 * any member holds everywhere within a second or two).
 */
public interface OperatorSwitches {

    /** An operator's on/off for a persona, and when it was set (epoch millis). */
    record PersonaSwitch(boolean enabled, long changedAt) {
    }

    boolean paused();

    void setPaused(boolean paused);

    /** Persona id -> the operator's switch. */
    Map<String, PersonaSwitch> personaSwitches();

    void setPersonaEnabled(String personaId, boolean enabled);
}
