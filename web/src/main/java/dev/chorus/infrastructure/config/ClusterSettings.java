package dev.chorus.infrastructure.config;

import dev.chorus.application.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * How a member decides it may take writes: the smallest cluster it must see (split-brain protection) and the
 * bound on a POST's time. Defaults: META-INF/microprofile-config.properties; read once at deployment (a bad
 * value stops it with a message naming the key).
 */
@ApplicationScoped
public class ClusterSettings {
    static final String MIN_SIZE = "chorus.cluster.min-size";
    static final String POST_TIMEOUT = "chorus.post.timeout-seconds";
    private static final String AUTO = "auto";

    /** Empty: {@code auto}. */
    private Optional<Integer> explicitMinSize;
    private Duration postTimeout;

    /** For the CDI proxy only. */
    protected ClusterSettings() {
    }

    @Inject
    public ClusterSettings(Settings settings) {
        explicitMinSize = settings.parsed(MIN_SIZE, AUTO + " or a whole number of at least 1",
                ClusterSettings::minSize);
        postTimeout = Duration.ofSeconds(settings.intAtLeast(POST_TIMEOUT, 1));
    }

    /** Creates the bean at deployment, so a bad value stops the member at once instead of at its first post. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // reading happened in the constructor
    }

    private static Optional<Integer> minSize(String value) {
        if (AUTO.equalsIgnoreCase(value)) {
            return Optional.empty();
        }
        int size = Integer.parseInt(value); // NumberFormatException is an IllegalArgumentException
        if (size < 1) {
            throw new IllegalArgumentException();
        }
        return Optional.of(size);
    }

    /**
     * The fewest members this member must see to take writes. {@code auto}: a majority of the configured
     * member list when it names three or more members, else 1 (a single member, or two, where a majority of two
     * would stop all writes when either member is lost; the database's writer epoch still keeps every
     * acknowledgement true there).
     */
    public int minimumMembers(int configuredMembers) {
        return explicitMinSize.orElse(configuredMembers >= 3 ? configuredMembers / 2 + 1 : 1);
    }

    /** Every POST answers within this time: 2xx, or 503 with Retry-After. */
    public Duration postTimeout() {
        return postTimeout;
    }
}
