package dev.chorus.domain;

import java.io.Serializable;

/** Kept counts of stored messages per type, so totals never need a scan. */
public record MessageCounts(long human, long ai) implements Serializable {
    public static final MessageCounts NONE = new MessageCounts(0, 0);

    public MessageCounts {
        if (human < 0 || ai < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public long total() {
        return human + ai;
    }

    public long of(MessageType type) {
        return type == null ? total() : type == MessageType.AI ? ai : human;
    }

    public MessageCounts plus(MessageType type, int delta) {
        return type == MessageType.AI ? new MessageCounts(human, ai + delta) : new MessageCounts(human + delta, ai);
    }
}
