package dev.chorus.infrastructure.llm;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How Chorus talks to LLM servers. Build with {@link #defaults()} and the {@code with...} methods, or from
 * configuration with {@link #from(Function)} (MicroProfile Config maps each key to the environment variable shown).
 *
 * @param servers                 base URLs, e.g. {@code http://localhost:1234/v1}
 * @param serversConfigured       whether {@code servers} came from configuration explicitly; if not, the entities
 *                                file's servers take precedence ({@link #effectiveServers(List)})
 * @param slotsPerServer          requests at once per server (LM Studio often serves one at a time)
 * @param readTimeout             how long a completion may take, long enough for a cold model load
 * @param connectTimeout          TCP connect timeout for completions
 * @param probeTimeout            connect and read timeout of health probes
 * @param breakerFailureThreshold consecutive server faults that open a server's circuit breaker
 * @param breakerOpenDuration     how long an open breaker refuses calls before one trial call
 * @param reprobeInterval         when every server is down, probe again before giving up if the last probe is older
 */
public record LlmSettings(List<URI> servers, boolean serversConfigured, int slotsPerServer, Duration readTimeout,
                          Duration connectTimeout, Duration probeTimeout, int breakerFailureThreshold,
                          Duration breakerOpenDuration, Duration reprobeInterval) {

    /** {@code CHORUS_LLM_SERVERS}: comma-separated base URLs. */
    public static final String SERVERS = "chorus.llm.servers";
    /** {@code CHORUS_LLM_SLOTS_PER_SERVER}. */
    public static final String SLOTS_PER_SERVER = "chorus.llm.slots-per-server";
    /** {@code CHORUS_LLM_READ_TIMEOUT_SECONDS}. */
    public static final String READ_TIMEOUT_SECONDS = "chorus.llm.read-timeout-seconds";
    /** {@code CHORUS_LLM_CONNECT_TIMEOUT_SECONDS}. */
    public static final String CONNECT_TIMEOUT_SECONDS = "chorus.llm.connect-timeout-seconds";
    /** {@code CHORUS_LLM_PROBE_TIMEOUT_MILLIS}. */
    public static final String PROBE_TIMEOUT_MILLIS = "chorus.llm.probe-timeout-millis";
    /** {@code CHORUS_LLM_BREAKER_FAILURES}. */
    public static final String BREAKER_FAILURES = "chorus.llm.breaker-failures";
    /** {@code CHORUS_LLM_BREAKER_OPEN_SECONDS}. */
    public static final String BREAKER_OPEN_SECONDS = "chorus.llm.breaker-open-seconds";

    public static final URI DEFAULT_SERVER = URI.create("http://localhost:1234/v1");

    public LlmSettings {
        servers = List.copyOf(servers);
        if (slotsPerServer < 1) {
            throw new IllegalArgumentException("slotsPerServer must be at least 1");
        }
        positive("readTimeout", readTimeout);
        positive("connectTimeout", connectTimeout);
        positive("probeTimeout", probeTimeout);
        if (breakerFailureThreshold < 1) {
            throw new IllegalArgumentException("breakerFailureThreshold must be at least 1");
        }
        positive("breakerOpenDuration", breakerOpenDuration);
        positive("reprobeInterval", reprobeInterval);
    }

    /**
     * {@code http://localhost:1234/v1} (not marked as configured), 1 slot per server, read timeout 300 s, connect 5 s,
     * probes 2 s, breaker opens after 3 consecutive faults for 30 s, re-probe after 10 s.
     */
    public static LlmSettings defaults() {
        return new LlmSettings(List.of(DEFAULT_SERVER), false, 1, Duration.ofSeconds(300), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 3, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /**
     * Settings from a configuration lookup (e.g. {@code key -> config.getOptionalValue(key, String.class)}); missing
     * keys keep {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the key whose value is unusable
     */
    public static LlmSettings from(Function<String, Optional<String>> config) {
        LlmSettings d = defaults();
        Optional<String> servers = config.apply(SERVERS).filter(s -> !s.isBlank());
        List<URI> urls = servers.map(LlmServerUrls::parseList).orElse(d.servers());
        return new LlmSettings(urls.isEmpty() ? d.servers() : urls, servers.isPresent() && !urls.isEmpty(),
                intValue(config, SLOTS_PER_SERVER, d.slotsPerServer()),
                Duration.ofSeconds(intValue(config, READ_TIMEOUT_SECONDS, (int) d.readTimeout().toSeconds())),
                Duration.ofSeconds(intValue(config, CONNECT_TIMEOUT_SECONDS, (int) d.connectTimeout().toSeconds())),
                Duration.ofMillis(intValue(config, PROBE_TIMEOUT_MILLIS, (int) d.probeTimeout().toMillis())),
                intValue(config, BREAKER_FAILURES, d.breakerFailureThreshold()),
                Duration.ofSeconds(intValue(config, BREAKER_OPEN_SECONDS, (int) d.breakerOpenDuration().toSeconds())),
                d.reprobeInterval());
    }

    /**
     * The servers to use: the configured ones when {@link #serversConfigured()}, else the entities file's when it
     * names any, else {@link #servers()} (the default).
     */
    public List<URI> effectiveServers(List<URI> fromEntitiesFile) {
        if (serversConfigured || fromEntitiesFile == null || fromEntitiesFile.isEmpty()) {
            return servers;
        }
        return List.copyOf(fromEntitiesFile);
    }

    public LlmSettings withServers(List<URI> newServers) {
        return new LlmSettings(newServers, true, slotsPerServer, readTimeout, connectTimeout, probeTimeout,
                breakerFailureThreshold, breakerOpenDuration, reprobeInterval);
    }

    public LlmSettings withSlotsPerServer(int slots) {
        return new LlmSettings(servers, serversConfigured, slots, readTimeout, connectTimeout, probeTimeout,
                breakerFailureThreshold, breakerOpenDuration, reprobeInterval);
    }

    public LlmSettings withTimeouts(Duration read, Duration connect, Duration probe) {
        return new LlmSettings(servers, serversConfigured, slotsPerServer, read, connect, probe,
                breakerFailureThreshold, breakerOpenDuration, reprobeInterval);
    }

    public LlmSettings withBreaker(int failureThreshold, Duration openDuration) {
        return new LlmSettings(servers, serversConfigured, slotsPerServer, readTimeout, connectTimeout, probeTimeout,
                failureThreshold, openDuration, reprobeInterval);
    }

    public LlmSettings withReprobeInterval(Duration interval) {
        return new LlmSettings(servers, serversConfigured, slotsPerServer, readTimeout, connectTimeout, probeTimeout,
                breakerFailureThreshold, breakerOpenDuration, interval);
    }

    private static int intValue(Function<String, Optional<String>> config, String key, int fallback) {
        Optional<String> v = config.apply(key).filter(s -> !s.isBlank());
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not " + v.get(), e);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
