package dev.chorus.infrastructure.config;

import dev.chorus.application.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The grid's sizes and the post rate limit. Defaults: META-INF/microprofile-config.properties; read once at
 * deployment (a bad value stops it).
 */
@ApplicationScoped
public class BoardSettings {
    static final String POSTS_PER_MINUTE = "chorus.rate-limit.per-minute";
    static final String WINDOW_CAPACITY = "chorus.window.capacity";
    static final String MESSAGES_IN_MEMORY = "chorus.messages.max-in-memory";

    private int postsPerMinute;
    private int windowCapacity;
    private int messagesInMemory;

    /** For the CDI proxy only. */
    protected BoardSettings() {
    }

    @Inject
    public BoardSettings(Settings settings) {
        postsPerMinute = settings.intAtLeast(POSTS_PER_MINUTE, 0);
        windowCapacity = settings.intAtLeast(WINDOW_CAPACITY, 1);
        messagesInMemory = settings.intAtLeast(MESSAGES_IN_MEMORY, 1);
    }

    /** Creates the bean at deployment, so a bad value fails the deployment rather than a post. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // reading happened in the constructor
    }

    /** Posts allowed per client address per minute; 0 turns the limit off. */
    public int postsPerMinute() {
        return postsPerMinute;
    }

    /** Messages in the near-cached recent window. */
    public int windowCapacity() {
        return windowCapacity;
    }

    /** Messages each member keeps in memory (the database keeps all). */
    public int messagesInMemory() {
        return messagesInMemory;
    }
}
