package dev.chorus.infrastructure.llm;

import dev.chorus.application.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How Chorus talks to LLM servers ({@code chorus.llm.*}), read with {@link #from(Settings)}; defaults in
 * META-INF/microprofile-config.properties, except the server list's, which depends on the entities file
 * ({@link #effectiveServers(List)}).
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
 */
public record LlmSettings(List<URI> servers, boolean serversConfigured, int slotsPerServer, Duration readTimeout,
                          Duration connectTimeout, Duration probeTimeout, int breakerFailureThreshold,
                          Duration breakerOpenDuration) {

    /** {@code CHORUS_LLM_SERVERS}: comma-separated base URLs; unset by default. */
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

    /** The server when neither CHORUS_LLM_SERVERS nor the entities file names one (LM Studio's own port). */
    public static final URI DEFAULT_SERVER = URI.create("http://localhost:1234/v1");

    public LlmSettings {
        servers = List.copyOf(servers);
    }

    /**
     * The settings in configuration.
     *
     * @throws dev.chorus.application.config.InvalidSettingException naming the key whose value is unusable
     */
    public static LlmSettings from(Settings settings) {
        Optional<List<URI>> configured = settings.optionalParsed(SERVERS, "comma-separated http(s) base URLs",
                LlmServerUrls::parseList).filter(urls -> !urls.isEmpty());
        return new LlmSettings(configured.orElse(List.of(DEFAULT_SERVER)), configured.isPresent(),
                settings.intAtLeast(SLOTS_PER_SERVER, 1),
                Duration.ofSeconds(settings.intAtLeast(READ_TIMEOUT_SECONDS, 1)),
                Duration.ofSeconds(settings.intAtLeast(CONNECT_TIMEOUT_SECONDS, 1)),
                Duration.ofMillis(settings.intAtLeast(PROBE_TIMEOUT_MILLIS, 1)),
                settings.intAtLeast(BREAKER_FAILURES, 1),
                Duration.ofSeconds(settings.intAtLeast(BREAKER_OPEN_SECONDS, 1)));
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

    /** These settings over {@code newServers} (the ones in use, e.g. from the entities file). */
    public LlmSettings withServers(List<URI> newServers) {
        return new LlmSettings(newServers, true, slotsPerServer, readTimeout, connectTimeout, probeTimeout,
                breakerFailureThreshold, breakerOpenDuration);
    }
}
