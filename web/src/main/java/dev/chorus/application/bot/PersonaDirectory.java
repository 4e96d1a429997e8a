package dev.chorus.application.bot;

import dev.chorus.domain.persona.Persona;
import java.util.Optional;
import java.util.OptionalInt;

/** The personas of this member (the port; the entities-file adapter implements it). */
public interface PersonaDirectory {

    /** The persona with this id, enabled or not; empty when this member has none (or {@code id} is null). */
    Optional<Persona> find(String id);

    /** Every persona of the source, enabled or not, as {@link #find} answers each. */
    java.util.List<Persona> all();

    /** The queue's {@code maxRetries}, if the personas' source sets one. */
    OptionalInt maxRetries();

    /** Reads the personas again if their source changed (cheap when it did not); the scheduler calls it often. */
    void refreshIfChanged();
}
