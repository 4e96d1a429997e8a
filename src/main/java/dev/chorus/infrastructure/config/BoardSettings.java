package dev.chorus.infrastructure.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The board's settings; every name maps to an environment variable (chorus.bot.token = CHORUS_BOT_TOKEN). */
@ApplicationScoped
public class BoardSettings {

    @Inject
    @ConfigProperty(name = "chorus.bot.token")
    Optional<String> botToken;

    @Inject
    @ConfigProperty(name = "chorus.rate-limit.per-minute", defaultValue = "10")
    int postsPerMinute;

    @Inject
    @ConfigProperty(name = "chorus.trusted-proxies")
    Optional<String> trustedProxies;

    @Inject
    @ConfigProperty(name = "chorus.cors.allowed-origins", defaultValue = "*")
    String allowedOrigins;

    @Inject
    @ConfigProperty(name = "chorus.window.capacity", defaultValue = "500")
    int windowCapacity;

    @Inject
    @ConfigProperty(name = "chorus.messages.max-in-memory", defaultValue = "20000")
    int messagesInMemory;

    @Inject
    @ConfigProperty(name = "chorus.stream.heartbeat-seconds", defaultValue = "15")
    int streamHeartbeatSeconds;

    @Inject
    @ConfigProperty(name = "chorus.stream.tick-millis", defaultValue = "1000")
    int streamTickMillis;

    @Inject
    @ConfigProperty(name = "chorus.stream.batch", defaultValue = "100")
    int streamBatch;

    @Inject
    @ConfigProperty(name = "chorus.stream.max-subscribers", defaultValue = "2000")
    int streamMaxSubscribers;

    @Inject
    @ConfigProperty(name = "chorus.stream.max-per-address", defaultValue = "16")
    int streamMaxPerAddress;

    @Inject
    @ConfigProperty(name = "chorus.stream.buffer-bytes", defaultValue = "65536")
    int streamBufferBytes;

    @Inject
    @ConfigProperty(name = "chorus.stream.stall-millis", defaultValue = "3000")
    int streamStallMillis;

    @Inject
    @ConfigProperty(name = "chorus.http.body-timeout-millis", defaultValue = "10000")
    int bodyTimeoutMillis;

    @Inject
    @ConfigProperty(name = "chorus.http.header-timeout-millis", defaultValue = "10000")
    int headerTimeoutMillis;

    @Inject
    @ConfigProperty(name = "chorus.management.address")
    Optional<String> managementAddress;

    private volatile List<String> trustedProxyList;
    private volatile List<String> allowedOriginList;

    public Optional<String> botToken() {
        return botToken.filter(token -> !token.isBlank());
    }

    /** Posts allowed per client address per minute; 0 turns the limit off. */
    public int postsPerMinute() {
        return postsPerMinute;
    }

    public List<String> trustedProxies() {
        List<String> proxies = trustedProxyList;
        if (proxies == null) {
            proxies = split(trustedProxies.orElse(""));
            trustedProxyList = proxies;
        }
        return proxies;
    }

    /** Read on every response (CORS): split once. */
    public List<String> allowedOrigins() {
        List<String> origins = allowedOriginList;
        if (origins == null) {
            origins = split(allowedOrigins);
            allowedOriginList = origins;
        }
        return origins;
    }

    public int windowCapacity() {
        return windowCapacity;
    }

    public int messagesInMemory() {
        return messagesInMemory;
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Seconds between {@code : keep-alive} comments on an idle live-push connection (at least 1). */
    public int streamHeartbeatSeconds() {
        return Math.max(1, streamHeartbeatSeconds);
    }

    /** The live-push safety tick: how long a lost change notification can delay delivery (ms, at least 50). */
    public int streamTickMillis() {
        return Math.max(50, streamTickMillis);
    }

    /** At most this many messages per live-push subscriber per round (bounded work per subscriber). */
    public int streamBatch() {
        return Math.max(1, streamBatch);
    }

    /** Live-push connections one member accepts; more get a 503. */
    public int streamMaxSubscribers() {
        return Math.max(1, streamMaxSubscribers);
    }

    /** Live-push connections one client address may hold on one member; more get a 503. */
    public int streamMaxPerAddress() {
        return Math.max(1, streamMaxPerAddress);
    }

    /** Bytes the pump hands one subscriber per round, and only while its connection takes them. */
    public int streamBufferBytes() {
        return Math.max(4096, streamBufferBytes);
    }

    /** A subscriber whose connection has not taken bytes for this long while events wait is dropped. */
    public int streamStallMillis() {
        return Math.max(100, streamStallMillis);
    }

    /** The longest a request's headers may take to arrive, from their first byte, in total (408 after that). */
    public int headerTimeoutMillis() {
        return Math.max(100, headerTimeoutMillis);
    }

    /** The longest a request body may take to arrive, in total (408 after that). */
    public int bodyTimeoutMillis() {
        return Math.max(100, bodyTimeoutMillis);
    }

    /**
     * Peer addresses (comma-separated) that may read /metrics and health details without the bot credential,
     * e.g. a monitoring host; unset: only the credential opens them.
     */
    public List<String> managementAddresses() {
        return split(managementAddress.orElse(""));
    }
}
