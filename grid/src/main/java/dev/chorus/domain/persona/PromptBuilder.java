package dev.chorus.domain.persona;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the chat prompt a persona is asked with.
 *
 * <h2>What the original "Say What Want" bot sent</h2>
 * Its worker appended the triggering line {@code "<username>: <text>"} to the message's {@code context} lines, joined
 * them with {@code "\n"}, then appended {@code "\n"} if {@code addNewlineToContext} and {@code "<EntityName>: "} if
 * {@code addEntityUsername}, and sent ONE message with role {@code systemRole} whose content was
 * {@code systemPrompt + userPrompt + "\n\nContext: " + transcript}. So {@code addNewlineToContext} did not decide how
 * lines are joined (always by newline): it put the cue on a line of its own. The cue makes a completion-minded model
 * continue the transcript as the persona.
 *
 * <h2>What Chorus sends</h2>
 * The same words in the same order, split so chat templates get what they expect:
 * <ol>
 *   <li>a message with role {@code systemRole} (default {@code system}) holding {@code systemPrompt} (stripped;
 *       omitted when blank);</li>
 *   <li>a {@code user} message holding {@code userPrompt} (stripped, followed by a blank line; omitted when blank),
 *       then {@code "Context:\n"} and the transcript: the message's context lines exactly as sent (an empty list
 *       means no history; nothing is fetched from elsewhere), then the triggering line {@code name: text}, one per
 *       line; then {@code "\n"} if {@code addNewlineToContext}; then {@code "<username>: "} if
 *       {@code addEntityUsername} (preceded by a space when no newline separates it from the last line, where the
 *       original glued the two together).</li>
 * </ol>
 * When {@code systemRole} is {@code user} the two parts are sent as one user message, which is the original's shape.
 * Many chat templates (Qwen, Llama 3 in LM Studio) reject a prompt without a user message, hence the split.
 * The triggering line's name is {@value #ANONYMOUS} when the message has no username. If the sender's last context
 * line already is the triggering line (some clients include it), it is not repeated.
 */
public final class PromptBuilder {
    /** The name on the triggering line when the message has no username. */
    public static final String ANONYMOUS = "anonymous";
    /** The role of the message that carries the transcript. */
    public static final String USER_ROLE = "user";

    private PromptBuilder() {
    }

    /** The prompt with all of {@code context}. */
    public static Prompt build(Persona entity, List<String> context, String triggerUsername, String triggerText,
                               String modelOverride) {
        return build(entity, context, triggerUsername, triggerText, modelOverride, null);
    }

    /**
     * The prompt for one triggering message.
     *
     * @param context          the lines the sender saw, oldest first, used exactly; {@code null} or empty = no history
     * @param triggerUsername  the triggering message's username ({@code null} = {@value #ANONYMOUS})
     * @param triggerText      the triggering message's text (not blank)
     * @param modelOverride    {@code botParams.model}, or {@code null} for the entity's model
     * @param maxContextLines  keep only the newest this-many context lines ({@code botParams.nom}); {@code null} = all
     */
    public static Prompt build(Persona entity, List<String> context, String triggerUsername, String triggerText,
                               String modelOverride, Integer maxContextLines) {
        if (entity == null) {
            throw new IllegalArgumentException("entity is required");
        }
        String line = triggerLine(triggerUsername, triggerText);
        String transcriptBlock = "Context:\n" + transcript(entity, limit(context, maxContextLines), line);
        String userPrompt = entity.userPrompt().strip();
        String userContent = userPrompt.isEmpty() ? transcriptBlock : userPrompt + "\n\n" + transcriptBlock;
        String systemPrompt = entity.systemPrompt().strip();

        List<ChatMessage> messages = new ArrayList<>(2);
        if (USER_ROLE.equals(entity.systemRole())) {
            messages.add(new ChatMessage(USER_ROLE, systemPrompt.isEmpty() ? userContent : systemPrompt + "\n\n" + userContent));
        } else {
            if (!systemPrompt.isEmpty()) {
                messages.add(new ChatMessage(entity.systemRole(), systemPrompt));
            }
            messages.add(new ChatMessage(USER_ROLE, userContent));
        }
        return new Prompt(entity.modelFor(modelOverride), messages, entity.sampling());
    }

    /** {@code "name: text"} with the text trimmed; {@value #ANONYMOUS} stands in for a missing name. */
    public static String triggerLine(String username, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the triggering message has no text");
        }
        String name = username == null || username.isBlank() ? ANONYMOUS : username.trim();
        return name + ": " + text.trim();
    }

    /** The context lines and the triggering line, one per line, followed by the entity's cues. */
    public static String transcript(Persona entity, List<String> context, String triggerLine) {
        StringBuilder sb = new StringBuilder();
        if (context != null) {
            int n = context.size();
            if (n > 0 && triggerLine.equals(context.get(n - 1))) {
                n--;
            }
            for (String c : context.subList(0, n)) {
                if (c != null) {
                    sb.append(c).append('\n');
                }
            }
        }
        sb.append(triggerLine);
        if (entity.addNewlineToContext()) {
            sb.append('\n');
        }
        if (entity.addEntityUsername()) {
            if (!Character.isWhitespace(sb.charAt(sb.length() - 1))) {
                sb.append(' ');
            }
            sb.append(entity.username()).append(": ");
        }
        return sb.toString();
    }

    private static List<String> limit(List<String> context, Integer max) {
        if (context == null) {
            return List.of();
        }
        if (max == null || max < 0 || context.size() <= max) {
            return context;
        }
        return context.subList(context.size() - max, context.size());
    }
}
