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
 * operator's on/off switch ({@link OperatorSwitches}) applied while the persona's entry in the file is the one the
 * switch was made against ({@link SwitchedEntries}: its hash). Which wins: the switch, until that entry is edited;
 * then the file's {@code enabled} counts again. Touching the file, reformatting it or editing another persona is
 * no edit of this one. No clocks: every member compares the same two hashes, so all decide alike.
 */
@ApplicationScoped
public class CatalogPersonaDirectory implements PersonaDirectory {

    @Inject
    PersonaCatalog catalog;

    @Inject
    OperatorSwitches switches;

    @Inject
    SwitchedEntries entries;

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
        if (operator == null || operator.enabled() == persona.enabled()) {
            return persona;
        }
        String madeAgainst = entries.entryHashes().get(persona.id());
        if (madeAgainst != null && !catalog.snapshot().entryHash(persona.id()).orElse("").equals(madeAgainst)) {
            return persona; // the entry was edited since the switch: the file wins
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
