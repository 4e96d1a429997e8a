package dev.chorus.infrastructure.config;

import java.util.Map;

import static dev.chorus.application.config.TestSettings.with;

/**
 * The grid adapters' settings as the container builds them (the shipped defaults plus the few a component test
 * changes), for component tests that build those adapters without a container.
 */
public final class TestSettings {
    private TestSettings() {
    }

    /** The board's settings with their production defaults, no rate limit, a window of {@code windowCapacity}. */
    public static BoardSettings board(int windowCapacity) {
        return new BoardSettings(with(Map.of(BoardSettings.WINDOW_CAPACITY, String.valueOf(windowCapacity),
                BoardSettings.POSTS_PER_MINUTE, "0")));
    }

    /** Cluster settings: {@code minSize} ("auto" or a number) and the POST bound in seconds. */
    public static ClusterSettings cluster(String minSize, int postTimeoutSeconds) {
        return new ClusterSettings(with(Map.of(ClusterSettings.MIN_SIZE, minSize,
                ClusterSettings.POST_TIMEOUT, String.valueOf(postTimeoutSeconds))));
    }
}
