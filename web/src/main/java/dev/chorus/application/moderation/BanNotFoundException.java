package dev.chorus.application.moderation;

/** No ban in force has the id asked for (404). */
public class BanNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BanNotFoundException(String id) {
        super("No ban in force with id " + id);
    }
}
