package dev.chorus.infrastructure.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How a member decides it may take writes: the smallest cluster it must see (split-brain protection) and the
 * bound on a POST's time. Invalid values stop the deployment with a message naming the key.
 */
@ApplicationScoped
public class ClusterSettings {
    static final String MIN_SIZE = "chorus.cluster.min-size";
    static final String POST_TIMEOUT = "chorus.post.timeout-seconds";

    @Inject
    @ConfigProperty(name = MIN_SIZE, defaultValue = "auto")
    String minSize;

    @Inject
    @ConfigProperty(name = POST_TIMEOUT, defaultValue = "10")
    String postTimeoutSeconds;

    private Integer explicitMinSize;
    private Duration postTimeout;

    /** Read at deployment, so a bad value stops the member at once instead of at its first post. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        postTimeout();
    }

    @PostConstruct
    void validate() {
        if (!"auto".equalsIgnoreCase(minSize.trim())) {
            explicitMinSize = positive(MIN_SIZE, minSize);
        }
        postTimeout = Duration.ofSeconds(positive(POST_TIMEOUT, postTimeoutSeconds));
    }

    /**
     * The fewest members this member must see to take writes. {@code auto}: a majority of the configured
     * member list when it names three or more members, else 1 (a single member, or two, where a majority of two
     * would stop all writes when either member is lost; the database's writer epoch still keeps every
     * acknowledgement true there).
     */
    public int minimumMembers(int configuredMembers) {
        if (explicitMinSize != null) {
            return explicitMinSize;
        }
        return configuredMembers >= 3 ? configuredMembers / 2 + 1 : 1;
    }

    /** Every POST answers within this time: 2xx, or 503 with Retry-After. */
    public Duration postTimeout() {
        return postTimeout;
    }

    private static int positive(String key, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number of at least 1 (was \"" + value + "\")");
    }
}
