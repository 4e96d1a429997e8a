package dev.chorus.infrastructure.config;

import java.util.Optional;

/**
 * Settings as MicroProfile Config would inject them, for component tests that build the grid adapters without a
 * container. The one place a test names a setting's field: a change of the settings classes is mended here.
 */
public final class TestSettings {
    private TestSettings() {
    }

    /** The board's settings with their production defaults, a window of {@code windowCapacity}. */
    public static BoardSettings board(int windowCapacity) {
        BoardSettings settings = new BoardSettings();
        settings.botToken = Optional.empty();
        settings.postsPerMinute = 0;
        settings.trustedProxies = Optional.empty();
        settings.allowedOrigins = "*";
        settings.windowCapacity = windowCapacity;
        settings.messagesInMemory = 20_000;
        settings.streamHeartbeatSeconds = 15;
        settings.streamTickMillis = 1000;
        settings.streamBatch = 100;
        settings.streamMaxSubscribers = 2000;
        settings.streamMaxPerAddress = 16;
        settings.streamBufferBytes = 65_536;
        settings.streamStallMillis = 3000;
        settings.bodyTimeoutMillis = 10_000;
        settings.managementAddress = Optional.empty();
        return settings;
    }

    /** Cluster settings: {@code minSize} ("auto" or a number) and the POST bound in seconds. */
    public static ClusterSettings cluster(String minSize, int postTimeoutSeconds) {
        ClusterSettings settings = new ClusterSettings();
        settings.minSize = minSize;
        settings.postTimeoutSeconds = String.valueOf(postTimeoutSeconds);
        settings.validate();
        return settings;
    }
}
