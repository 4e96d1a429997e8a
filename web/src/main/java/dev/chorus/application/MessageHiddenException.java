package dev.chorus.application;

/**
 * A POST repeated the id of a message an operator hid: nothing is stored (the id is taken) and the hidden text is
 * not given back (410, docs/api.md).
 */
public class MessageHiddenException extends RuntimeException {
    private final String id;

    public MessageHiddenException(String id) {
        super("Message " + id + " was removed by an operator");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
