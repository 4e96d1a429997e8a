package dev.chorus.interfaces.sse;

import dev.chorus.application.BoardFeed;
import dev.chorus.domain.MessageType;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Every live-push connection of this member, served by {@code chorus.stream.pumps} pump threads ({@link Pump}),
 * each owning a share of the subscribers.
 *
 * <p>Why it cannot skip: each subscriber has its own cursor (the timestamp of the last message written to it).
 * Whenever the pump runs it asks the board for the first {@code batch} messages after that cursor — the very
 * read polling uses ({@link BoardFeed#after}: this member's replica of the window, or the database for cursors
 * older than the window) — writes them oldest first and moves the cursor to the last one written. Timestamps
 * are assigned strictly increasing by the window's owner, so "everything after my cursor" is exact: a message
 * is never sent twice to one connection and never passed over. Notifications only decide <em>when</em> the pump runs,
 * never <em>what</em> it sends, so a lost or reordered notification cannot lose a message; it can only delay it
 * until the next safety tick.
 *
 * <p>When it runs: on every change of the window anywhere in the cluster ({@link BoardFeed#onChange}), when a
 * subscriber joins, and at least every {@code chorus.stream.tick-millis}. A change is readable here before its
 * notification runs ({@link dev.chorus.application.BoardChanges}), so the round a notification causes sees it:
 * there is nothing to look at again.
 *
 * <p>Threading: each pump is a dedicated managed thread (from the container's ManagedThreadFactory) waiting on its
 * own semaphore, which the Hazelcast event thread releases for every pump. Trade-offs: a dedicated thread wakes
 * within microseconds and never holds a thread of the shared managed executors (whose default pools here have
 * core size 0, i.e. one worker — a blocking loop there would starve the bot's ticks). A new subscriber goes to
 * the pump with the fewest and stays there, so its cursor is only ever touched by one thread; within a pump,
 * fan-out is sequential (one container write per connection and round, {@link RoundWriter}), and the pumps run
 * in parallel. Work per subscriber per round is bounded by {@code chorus.stream.batch} and
 * {@code chorus.stream.buffer-bytes}; a subscriber with more to catch up gets the next batch in the next round,
 * after everyone else.
 *
 * <p>Bounded memory (issue 8): writes are non-blocking and happen only while the connection takes bytes
 * ({@link Subscriber}), at most {@code chorus.stream.buffer-bytes} per subscriber per round; history is read
 * from the board one batch at a time, only when the client has taken the previous one. A subscriber that stops
 * taking bytes while events wait for it is dropped after {@code chorus.stream.stall-millis}, so a client that
 * never reads costs at most the container's write queue for its connection, for a bounded time, and never
 * slows the others (the pump never blocks on a write). Connections are limited per member and per client
 * address ({@link StreamLimitException}).
 *
 * <p>Drafts (issue 13): replies being generated anywhere in the cluster arrive through {@link BoardFeed#onDraft}; the
 * pump sends each round's newest update of each draft after the round's messages, as {@code draft} and
 * {@code draft-end} events without an SSE id, only to streams up to date on messages ({@link Pump}).
 */
@ApplicationScoped
public class StreamHub {
    private static final Logger LOG = Logger.getLogger(StreamHub.class.getName());
    /**
     * Draft bytes one stream gets at most per round (~20 updates of a short reply): drafts are previews, and must
     * not fill a connection's buffer ahead of the next round's messages.
     */
    static final int DRAFT_BYTES_PER_ROUND = 8 * 1024;

    @Inject
    BoardFeed feed;

    @Inject
    StreamSettings settings;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    MetricRegistry metrics;

    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger dropped = new AtomicInteger();
    /** Hidden messages, for the {@code hidden} events and so a stale window here never sends one (HiddenLog). */
    private final HiddenLog hidden = new HiddenLog(1000);
    private final List<Pump> pumps = new ArrayList<>();
    private final List<Thread> pumpThreads = new ArrayList<>();
    private AutoCloseable notifications;
    private AutoCloseable draftNotifications;
    private AutoCloseable visibilityNotifications;

    @PostConstruct
    void start() {
        metrics.gauge("chorus.stream.subscribers", open, AtomicInteger::get);
        metrics.gauge("chorus.stream.dropped", dropped, AtomicInteger::get);
        for (int i = 0; i < settings.streamPumps(); i++) {
            Pump pump = new Pump(feed, settings, hidden, dropped, this::left);
            Thread thread = threads.newThread(pump);
            thread.setName("chorus-stream-pump-" + i);
            pumps.add(pump);
            pumpThreads.add(thread);
        }
        notifications = feed.onChange(this::wakeAll);
        draftNotifications = feed.onDraft(draft -> pumps.forEach(pump -> pump.draftHeard(draft)));
        visibilityNotifications = feed.onVisibility(event -> {
            hidden.add(event);
            wakeAll();
        });
        pumpThreads.forEach(Thread::start);
    }

    @PreDestroy
    void stop() {
        pumps.forEach(Pump::stop);
        try {
            notifications.close();
            draftNotifications.close();
            visibilityNotifications.close();
            for (Thread thread : pumpThreads) {
                thread.join(2_000);
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "stopping the stream pumps", e);
        }
        pumps.forEach(Pump::closeAll);
    }

    /** Every post, hide or restore concerns every pump's subscribers. */
    private void wakeAll() {
        for (Pump pump : pumps) {
            pump.wakeUp();
        }
    }

    /**
     * Opens a stream: the headers and a first comment go out at once (a browser that sees nothing for 5 s falls
     * back to polling), then a pump takes over. {@code cursor} null means "only messages newer than now".
     * Refused with {@link StreamLimitException} when the member or the client's address has no slot left.
     */
    public void subscribe(AsyncContext async, Long cursor, MessageType type, String address) throws IOException {
        AtomicInteger mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (mine.incrementAndGet() > settings.streamMaxPerAddress()) {
            release(address);
            throw new StreamLimitException(true);
        }
        if (open.incrementAndGet() > settings.streamMaxSubscribers()) {
            open.decrementAndGet();
            release(address);
            throw new StreamLimitException(false);
        }
        try {
            long start = cursor != null ? cursor : feed.newestTimestamp();
            Pump pump = leastLoaded();
            Subscriber subscriber = new Subscriber(async, start, hidden.head(), type, address, pump::wakeUp);
            subscriber.start();
            if (subscriber.ready()) {
                subscriber.comment("connected");
            }
            pump.join(subscriber);
        } catch (IOException | RuntimeException e) {
            open.decrementAndGet();
            release(address);
            throw e;
        }
    }

    /**
     * The pump with the fewest subscribers: shares stay even as connections come and go (a plain rotation would
     * not, since readers leave in any order). Two subscribers joining at once may pick the same pump: uneven by one.
     */
    private Pump leastLoaded() {
        Pump least = pumps.get(0);
        for (Pump pump : pumps) {
            if (pump.load() < least.load()) {
                least = pump;
            }
        }
        return least;
    }

    /** A pump let go of {@code subscriber} (closed, failed or dropped): its slots are free again. */
    private void left(Subscriber subscriber) {
        open.decrementAndGet();
        release(subscriber.address());
    }

    private void release(String address) {
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Subscribers dropped since start because they stopped reading (for tests and metrics). */
    public int dropped() {
        return dropped.get();
    }

    /** Open connections on this member (for tests and metrics). */
    public int subscribers() {
        return open.get();
    }

    /** Subscribers joining or owned by each pump (tests check the shares). */
    List<Integer> pumpLoads() {
        return pumps.stream().map(Pump::load).toList();
    }

    /** How many hide and restore events this member's hub has heard (tests wait on it). */
    long visibilityEventsHeard() {
        return hidden.head();
    }
}
