package dev.chorus.application.bot;

import dev.chorus.domain.persona.Persona;
import java.time.Duration;

/**
 * A persona as the operator console shows it: the persona (the operator's switch applied), what it did in the last
 * hour, and how long its next reply would wait for its rateLimits (ZERO: it may reply now).
 */
public record PersonaStatus(Persona persona, PersonaActivity.LastHour lastHour, Duration rateLimitWait) {
}
