package dev.chorus.interfaces.sse;

import dev.chorus.application.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The live push's bounds ({@code chorus.stream.*}): keep-alive interval, safety tick, work per subscriber and
 * round, connections per member and per address, the bytes queued for one connection, and when a subscriber that
 * stopped reading is dropped, and how many pump threads share a member's subscribers.
 * Defaults: META-INF/microprofile-config.properties; read once at deployment (a bad value stops it).
 */
@ApplicationScoped
public class StreamSettings {
    static final String HEARTBEAT_SECONDS = "chorus.stream.heartbeat-seconds";
    static final String TICK_MILLIS = "chorus.stream.tick-millis";
    static final String BATCH = "chorus.stream.batch";
    static final String MAX_SUBSCRIBERS = "chorus.stream.max-subscribers";
    static final String MAX_PER_ADDRESS = "chorus.stream.max-per-address";
    static final String BUFFER_BYTES = "chorus.stream.buffer-bytes";
    static final String STALL_MILLIS = "chorus.stream.stall-millis";
    static final String WRITE_QUEUE_BYTES = "chorus.stream.write-queue-bytes";
    static final String PUMPS = "chorus.stream.pumps";

    private int heartbeatSeconds;
    private int tickMillis;
    private int batch;
    private int maxSubscribers;
    private int maxPerAddress;
    private int bufferBytes;
    private int stallMillis;
    private int writeQueueBytes;
    private int pumps;

    /** For the CDI proxy only. */
    protected StreamSettings() {
    }

    @Inject
    public StreamSettings(Settings settings) {
        heartbeatSeconds = settings.intAtLeast(HEARTBEAT_SECONDS, 1);
        tickMillis = settings.intAtLeast(TICK_MILLIS, 50);
        batch = settings.intAtLeast(BATCH, 1);
        maxSubscribers = settings.intAtLeast(MAX_SUBSCRIBERS, 1);
        maxPerAddress = settings.intAtLeast(MAX_PER_ADDRESS, 1);
        bufferBytes = settings.intAtLeast(BUFFER_BYTES, 4096);
        stallMillis = settings.intAtLeast(STALL_MILLIS, 100);
        writeQueueBytes = settings.intAtLeast(WRITE_QUEUE_BYTES, 4096);
        // 0: one per processor this JVM may use (a container's CPU limit included), read once at deployment.
        int configured = settings.intAtLeast(PUMPS, 0);
        pumps = configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
    }

    /** Creates the bean at deployment, so a bad value fails the deployment rather than the first stream. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // reading happened in the constructor
    }

    /** Seconds between {@code : keep-alive} comments on an idle live-push connection. */
    public int streamHeartbeatSeconds() {
        return heartbeatSeconds;
    }

    /** The safety tick: how long a lost change notification can delay delivery (ms). */
    public int streamTickMillis() {
        return tickMillis;
    }

    /** At most this many messages per subscriber per round (bounded work per subscriber). */
    public int streamBatch() {
        return batch;
    }

    /** Live-push connections one member accepts; more get a 503. */
    public int streamMaxSubscribers() {
        return maxSubscribers;
    }

    /** Live-push connections one client address may hold on one member; more get a 503. */
    public int streamMaxPerAddress() {
        return maxPerAddress;
    }

    /** Bytes the pump hands one subscriber per round, and only while its connection takes them. */
    public int streamBufferBytes() {
        return bufferBytes;
    }

    /** A subscriber whose connection has not taken bytes for this long while events wait is dropped. */
    public int streamStallMillis() {
        return stallMillis;
    }

    /**
     * Bytes the container queues at most for one live-push connection before {@code isReady()} turns false (its
     * write queue; other connections keep the transport's limit): what a reader that stops reading can make this
     * member hold, besides one write. Also the largest chunk of events written to a stream at once
     * ({@link RoundWriter}), so that one write never holds more than the queue it goes to.
     */
    public int streamWriteQueueBytes() {
        return writeQueueBytes;
    }

    /**
     * Pump threads on this member, each serving its share of the subscribers: a post's fan-out is one write per
     * connection, so with one thread it takes as long as those writes take one after another.
     */
    public int streamPumps() {
        return pumps;
    }
}
