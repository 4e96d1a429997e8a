package dev.chorus.domain;

/** Who wrote a message; the wire names are {@code human} and {@code AI} (compat). */
public enum MessageType {
    HUMAN("human"), AI("AI");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static MessageType fromWire(String name) {
        for (MessageType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new InvalidMessageException("message-type", "message-type must be human or AI");
    }
}
