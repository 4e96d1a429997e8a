package dev.chorus.infrastructure.personas;

import dev.chorus.application.bot.PersonaDirectory;
import dev.chorus.domain.persona.Persona;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The bot's {@link PersonaDirectory} on the entities file: each answer from the catalog's current snapshot. */
@ApplicationScoped
public class CatalogPersonaDirectory implements PersonaDirectory {

    @Inject
    PersonaCatalog catalog;

    @Override
    public Optional<Persona> find(String id) {
        return catalog.snapshot().entity(id);
    }

    @Override
    public List<Persona> all() {
        return List.copyOf(catalog.snapshot().entities());
    }

    @Override
    public OptionalInt maxRetries() {
        return catalog.snapshot().maxRetries();
    }

    @Override
    public void refreshIfChanged() {
        catalog.refreshIfChanged();
    }
}
