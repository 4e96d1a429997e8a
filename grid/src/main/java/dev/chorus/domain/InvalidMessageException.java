package dev.chorus.domain;

/** A value broke a rule of the wire contract; names the field at fault so clients can show it. */
public class InvalidMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidMessageException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
