package dev.chorus.domain.persona;

import java.util.Locale;
import java.util.Optional;

/**
 * How much of a reply readers see while it is being written (the entities file's {@code drafts}). Every mode shows
 * that the persona is writing; they differ in the text. The rules of {@link ReplyShaper#draft} decide on a prefix,
 * so two things the rules do to a finished reply can take back text a draft already showed: a {@value
 * ReplyShaper#SKIP_MARKER} after words (the whole reply is then not posted) and a {@code </think>} without its
 * opening tag, which chat templates that open the reasoning block in the prompt produce (everything before it is
 * dropped). A mode is how an operator, who knows the persona's prompts and model, rules those out.
 */
public enum DraftText {
    /** The text as it is written, as far as the rules can already tell it will be posted. */
    LIVE("live"),
    /**
     * Only "the persona is writing", no text: for a persona that may decide not to answer ({@value
     * ReplyShaper#SKIP_MARKER}) after it began to write. The default for a persona whose prompts mention the marker.
     */
    WRITING("writing"),
    /**
     * The text only once the completion has closed its reasoning ({@code </think>}): for a model whose chat template
     * opens the reasoning block in the prompt, so that the completion starts inside it without a {@code <think>}.
     * A completion that never closes one shows no text until the reply is stored.
     */
    AFTER_REASONING("afterReasoning");

    private final String fileName;

    DraftText(String fileName) {
        this.fileName = fileName;
    }

    /** The mode's name in the entities file and on the wire. */
    public String fileName() {
        return fileName;
    }

    /** The mode named {@code name} in the entities file (case-insensitive), if there is one. */
    public static Optional<DraftText> named(String name) {
        for (DraftText mode : values()) {
            if (mode.fileName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /**
     * The mode of a persona whose file entry names none: {@link #WRITING} when its prompts tell the model about
     * {@value ReplyShaper#SKIP_MARKER} (it may then use it after words), else {@link #LIVE}.
     */
    static DraftText defaultFor(String systemPrompt, String userPrompt) {
        String prompts = (systemPrompt + "\n" + userPrompt).toUpperCase(Locale.ROOT);
        return prompts.contains(ReplyShaper.SKIP_MARKER) ? WRITING : LIVE;
    }
}
