package dev.chorus.infrastructure.personas;

import java.util.Map;

/**
 * The entities-file entry each operator persona switch was made against, kept with the switch (the operator's
 * switches themselves are {@link dev.chorus.application.bot.OperatorSwitches}): the switch holds while the file's
 * entry for that persona still has this hash, and the file wins once it differs. A hash, not a time, so every
 * member decides alike whatever its clock and whenever it noticed the edit.
 */
public interface SwitchedEntries {

    /**
     * Persona id -> {@link PersonaCatalogSnapshot#entryHash} of its entry on the member that set the switch, when
     * it was set. A switch with none (set before the hash was kept, or for an entry that member did not have)
     * holds until an operator sets it again.
     */
    Map<String, String> entryHashes();
}
