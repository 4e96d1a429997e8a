package dev.chorus.application;

/** No message has the id asked for (404). */
public class MessageNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageNotFoundException(String id) {
        super("No message with id " + id);
    }
}
