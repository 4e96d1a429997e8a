package dev.chorus.infrastructure.personas;

import dev.chorus.application.bot.OperatorSwitches;
import dev.chorus.application.bot.PersonaDirectory;
import dev.chorus.domain.persona.Persona;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The bot's {@link PersonaDirectory} on the entities file: each answer from the catalog's current snapshot, with an
 * operator's on/off switch ({@link OperatorSwitches}) applied when it is newer than the file's content. Which
 * wins: the later of the two — a switch holds until the file's content is changed after it (then the file's
 * {@code enabled} counts again); touching the file is no change ({@link PersonaCatalog#fileChangedAt()}).
 */
@ApplicationScoped
public class CatalogPersonaDirectory implements PersonaDirectory {

    @Inject
    PersonaCatalog catalog;

    @Inject
    OperatorSwitches switches;

    @Override
    public Optional<Persona> find(String id) {
        return catalog.snapshot().entity(id).map(this::switched);
    }

    @Override
    public List<Persona> all() {
        return catalog.snapshot().entities().stream().map(this::switched).toList();
    }

    private Persona switched(Persona persona) {
        OperatorSwitches.PersonaSwitch operator = switches.personaSwitches().get(persona.id());
        if (operator == null || operator.changedAt() <= catalog.fileChangedAt()
                || operator.enabled() == persona.enabled()) {
            return persona;
        }
        return persona.toBuilder().enabled(operator.enabled()).build();
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
