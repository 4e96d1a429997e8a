package dev.chorus.domain.persona;

/** A persona definition that breaks a rule; {@link #field()} names the offending field. */
public final class InvalidPersonaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidPersonaException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The entity field at fault, as the entities file spells it ({@code color}, {@code rateLimits.maxPostsPerHour}). */
    public String field() {
        return field;
    }
}
