package dev.chorus.domain.persona;

import dev.chorus.domain.Color;
import dev.chorus.domain.Message;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AI persona: who it posts as, which model answers for it, how it is prompted, how its replies are shaped and how
 * often it may post. Immutable and validated at construction ({@link InvalidPersonaException} names the field);
 * build one with {@link #builder(String)}.
 *
 * <p>Rules: {@code id} is 1-64 characters of {@code [A-Za-z0-9_.-]} starting with a letter or digit (it is what
 * {@code botParams.entity} names); {@code username} is 1-64 characters after trimming (the board accepts at most
 * {@value Message#MAX_PERSONA_USERNAME} on a persona's reply, see {@link #fitsBoardUsername()}); {@code color} is nine digits
 * {@code RRRGGGBBB}, each channel 000-255; {@code model} is not blank; {@code systemRole} is a lower-case word
 * (default {@code system}); {@code filterOut} / {@code trimAfter} hold non-empty strings; {@code nom} is 0 or more or
 * {@code null} (= all context lines); {@code defaultPriority} is 0-99 (default {@value #DEFAULT_PRIORITY}, 0 = most
 * urgent).
 */
public final class Persona implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Priority of a persona's work when neither the message nor the entity says otherwise. */
    public static final int DEFAULT_PRIORITY = 50;
    /** The role of the system prompt message when the entity does not name one. */
    public static final String DEFAULT_SYSTEM_ROLE = "system";
    /** The longest name the board accepts on a persona's reply (message-type AI, docs/api.md). */

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z_-]{0,31}");

    private final String id;
    private final boolean enabled;
    private final String username;
    private final String color;
    private final String model;
    private final String systemRole;
    private final String systemPrompt;
    private final String userPrompt;
    private final SamplingParams sampling;
    private final List<String> filterOut;
    private final List<String> trimAfter;
    private final boolean trimWhitespace;
    private final boolean addNewlineToContext;
    private final boolean addEntityUsername;
    private final Integer nom;
    private final int defaultPriority;
    private final RateLimits rateLimits;
    /** {@code null}: derived from the prompts ({@link DraftText#defaultFor}); kept apart so a copy derives again. */
    private final DraftText drafts;

    private Persona(Builder b) {
        if (b.id == null || !ID.matcher(b.id).matches()) {
            throw new InvalidPersonaException("id", "id must be 1-64 characters of A-Z a-z 0-9 _ . - (starting with a letter or digit)");
        }
        this.id = b.id;
        this.enabled = b.enabled;
        String name = b.username == null ? "" : b.username.trim();
        if (name.isEmpty() || name.length() > 64) {
            throw new InvalidPersonaException("username", "username must be 1-64 characters");
        }
        this.username = name;
        this.color = requireColor(b.color);
        if (b.model == null || b.model.isBlank()) {
            throw new InvalidPersonaException("model", "a model name is required");
        }
        this.model = b.model.trim();
        String role = b.systemRole == null || b.systemRole.isBlank() ? DEFAULT_SYSTEM_ROLE : b.systemRole.trim();
        if (!ROLE.matcher(role).matches()) {
            throw new InvalidPersonaException("systemRole", "systemRole must be a lower-case role name such as system or user");
        }
        this.systemRole = role;
        this.systemPrompt = b.systemPrompt == null ? "" : b.systemPrompt;
        this.userPrompt = b.userPrompt == null ? "" : b.userPrompt;
        this.sampling = b.sampling == null ? SamplingParams.DEFAULTS : b.sampling;
        this.filterOut = nonEmptyStrings("filterOut", b.filterOut);
        this.trimAfter = nonEmptyStrings("trimAfter", b.trimAfter);
        this.trimWhitespace = b.trimWhitespace;
        this.addNewlineToContext = b.addNewlineToContext;
        this.addEntityUsername = b.addEntityUsername;
        if (b.nom != null && b.nom < 0) {
            throw new InvalidPersonaException("nom", "nom must not be negative");
        }
        this.nom = b.nom;
        if (b.defaultPriority < 0 || b.defaultPriority > 99) {
            throw new InvalidPersonaException("defaultPriority", "defaultPriority must be 0-99");
        }
        this.defaultPriority = b.defaultPriority;
        this.rateLimits = b.rateLimits == null ? RateLimits.UNLIMITED : b.rateLimits;
        this.drafts = b.drafts;
    }

    /** A builder with the defaults: enabled, role {@code system}, trimWhitespace on, the two cues off, priority 50. */
    public static Builder builder(String id) {
        return new Builder().id(id);
    }

    /** A builder holding this entity's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().id(id).enabled(enabled).username(username).color(color).model(model)
                .systemRole(systemRole).systemPrompt(systemPrompt).userPrompt(userPrompt).sampling(sampling)
                .filterOut(filterOut).trimAfter(trimAfter).trimWhitespace(trimWhitespace)
                .addNewlineToContext(addNewlineToContext).addEntityUsername(addEntityUsername).nom(nom)
                .defaultPriority(defaultPriority).rateLimits(rateLimits).drafts(drafts);
    }

    private static String requireColor(String color) {
        String c = color == null ? null : color.trim();
        if (!Color.isValid(c)) {
            throw new InvalidPersonaException("color", "color must be nine digits RRRGGGBBB, each channel 000-255");
        }
        return c;
    }

    private static List<String> nonEmptyStrings(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        for (String v : values) {
            if (v == null || v.isEmpty()) {
                throw new InvalidPersonaException(field, field + " must not contain empty strings");
            }
        }
        return List.copyOf(values);
    }

    public String id() {
        return id;
    }

    public boolean enabled() {
        return enabled;
    }

    public String username() {
        return username;
    }

    /** Nine digits {@code RRRGGGBBB}. */
    public String color() {
        return color;
    }

    /** The model name sent as {@code model} (a message's {@code botParams.model} overrides it: {@link #modelFor}). */
    public String model() {
        return model;
    }

    /** The model to ask: {@code override} when given and not blank, else {@link #model()}. */
    public String modelFor(String override) {
        return override == null || override.isBlank() ? model : override.trim();
    }

    public String systemRole() {
        return systemRole;
    }

    public String systemPrompt() {
        return systemPrompt;
    }

    public String userPrompt() {
        return userPrompt;
    }

    public SamplingParams sampling() {
        return sampling;
    }

    /** Strings removed from every reply (all occurrences, case-sensitive). */
    public List<String> filterOut() {
        return filterOut;
    }

    /** A reply is cut at the first occurrence of any of these strings. */
    public List<String> trimAfter() {
        return trimAfter;
    }

    public boolean trimWhitespace() {
        return trimWhitespace;
    }

    public boolean addNewlineToContext() {
        return addNewlineToContext;
    }

    public boolean addEntityUsername() {
        return addEntityUsername;
    }

    /** How many context lines the persona wants; {@code null} = all. Informational: the sender builds the context. */
    public Integer nom() {
        return nom;
    }

    public int defaultPriority() {
        return defaultPriority;
    }

    public RateLimits rateLimits() {
        return rateLimits;
    }

    /** How much of a reply readers see while it is written: the file's {@code drafts}, else derived from the prompts. */
    public DraftText drafts() {
        return drafts != null ? drafts : DraftText.defaultFor(systemPrompt, userPrompt);
    }

    /** Whether the board accepts {@link #username()} on a reply as it is (at most {@value Message#MAX_PERSONA_USERNAME} characters). */
    public boolean fitsBoardUsername() {
        return username.length() <= Message.MAX_PERSONA_USERNAME;
    }

    /** Deserialisation re-runs the constructor's checks. */
    @Serial
    private Object readResolve() throws ObjectStreamException {
        return toBuilder().build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Persona e)) {
            return false;
        }
        return enabled == e.enabled && trimWhitespace == e.trimWhitespace && addNewlineToContext == e.addNewlineToContext
                && addEntityUsername == e.addEntityUsername && defaultPriority == e.defaultPriority && id.equals(e.id)
                && username.equals(e.username) && color.equals(e.color) && model.equals(e.model)
                && systemRole.equals(e.systemRole) && systemPrompt.equals(e.systemPrompt)
                && userPrompt.equals(e.userPrompt) && sampling.equals(e.sampling) && filterOut.equals(e.filterOut)
                && trimAfter.equals(e.trimAfter) && Objects.equals(nom, e.nom) && rateLimits.equals(e.rateLimits)
                && drafts == e.drafts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, enabled, username, color, model, systemRole, systemPrompt, userPrompt, sampling,
                filterOut, trimAfter, trimWhitespace, addNewlineToContext, addEntityUsername, nom, defaultPriority,
                rateLimits, drafts);
    }

    @Override
    public String toString() {
        return "Persona[" + id + (enabled ? "" : " (disabled)") + " as " + username + ":" + color + ", model " + model + "]";
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String id;
        private boolean enabled = true;
        private String username;
        private String color;
        private String model;
        private String systemRole = DEFAULT_SYSTEM_ROLE;
        private String systemPrompt = "";
        private String userPrompt = "";
        private SamplingParams sampling = SamplingParams.DEFAULTS;
        private List<String> filterOut = List.of();
        private List<String> trimAfter = List.of();
        private boolean trimWhitespace = true;
        private boolean addNewlineToContext;
        private boolean addEntityUsername;
        private Integer nom;
        private int defaultPriority = DEFAULT_PRIORITY;
        private RateLimits rateLimits = RateLimits.UNLIMITED;
        private DraftText drafts;

        private Builder() {
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder enabled(boolean value) {
            this.enabled = value;
            return this;
        }

        public Builder username(String value) {
            this.username = value;
            return this;
        }

        public Builder color(String value) {
            this.color = value;
            return this;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder systemRole(String value) {
            this.systemRole = value;
            return this;
        }

        public Builder systemPrompt(String value) {
            this.systemPrompt = value;
            return this;
        }

        public Builder userPrompt(String value) {
            this.userPrompt = value;
            return this;
        }

        public Builder sampling(SamplingParams value) {
            this.sampling = value;
            return this;
        }

        public Builder filterOut(List<String> value) {
            this.filterOut = value == null ? null : new ArrayList<>(value);
            return this;
        }

        public Builder trimAfter(List<String> value) {
            this.trimAfter = value == null ? null : new ArrayList<>(value);
            return this;
        }

        public Builder trimWhitespace(boolean value) {
            this.trimWhitespace = value;
            return this;
        }

        public Builder addNewlineToContext(boolean value) {
            this.addNewlineToContext = value;
            return this;
        }

        public Builder addEntityUsername(boolean value) {
            this.addEntityUsername = value;
            return this;
        }

        public Builder nom(Integer value) {
            this.nom = value;
            return this;
        }

        public Builder defaultPriority(int value) {
            this.defaultPriority = value;
            return this;
        }

        public Builder rateLimits(RateLimits value) {
            this.rateLimits = value;
            return this;
        }

        /** {@code null}: derived from the prompts ({@link Persona#drafts()}). */
        public Builder drafts(DraftText value) {
            this.drafts = value;
            return this;
        }

        /** @throws InvalidPersonaException naming the first field that breaks a rule */
        public Persona build() {
            return new Persona(this);
        }
    }
}
