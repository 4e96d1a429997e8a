package dev.chorus.application.bot;

import dev.chorus.domain.persona.DraftText;
import dev.chorus.domain.persona.Persona;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The {@link DraftText} a persona's drafts are written under on this member: the persona's own, except that a persona
 * whose completion was seen to begin inside its reasoning (a {@code </think>} it never opened: the model's
 * chat template opens the block in the prompt) are drafted {@link DraftText#AFTER_REASONING} from then on. Without
 * this, every draft of such a model would show its reasoning until the {@code </think>} takes it back; with it, only
 * the first draft on each member does, and the log says how to prevent even that ({@code "drafts":
 * "afterReasoning"} in the entities file). Kept per member and in memory: a restart learns again, at the price of
 * one draft.
 */
@ApplicationScoped
public class DraftModes {
    private static final Logger LOG = Logger.getLogger(DraftModes.class.getName());

    /**
     * {@code personaId + '\n' + its configured model}. Not the model a reply was asked of: a message may name its
     * own ({@code botParams.model}, chosen by an anonymous poster), and a key a poster chooses would let every post
     * start unlearned and grow this set without bound. So what one model of a persona showed holds for all of
     * its replies; the set is bounded by the personas of the entities file and their models.
     */
    private final Set<String> beginInsideReasoning = ConcurrentHashMap.newKeySet();

    /** The mode for drafts of {@code persona}'s replies ({@code model}: the one asked; see the key above). */
    public DraftText modeOf(Persona persona, String model) {
        DraftText own = persona.drafts();
        return own == DraftText.LIVE && beginInsideReasoning.contains(key(persona)) ? DraftText.AFTER_REASONING : own;
    }

    /** A completion of {@code persona} from {@code model} closed a reasoning block it never opened. */
    void sawUnopenedReasoning(Persona persona, String model) {
        if (persona.drafts() == DraftText.LIVE && beginInsideReasoning.add(key(persona))) {
            LOG.warning("Persona " + persona.id() + ": model " + model + " begins its completions inside its reasoning"
                    + " (its chat template opens <think> in the prompt), so a draft showed reasoning the reply drops."
                    + " Its drafts now show text only after </think> on this member; set \"drafts\": \"afterReasoning\""
                    + " on the persona in the entities file to have that from the start on every member.");
        }
    }

    private static String key(Persona persona) {
        return persona.id() + '\n' + persona.model();
    }
}
