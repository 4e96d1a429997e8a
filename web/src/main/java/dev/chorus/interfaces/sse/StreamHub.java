package dev.chorus.interfaces.sse;

import dev.chorus.application.BoardFeed;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageType;
import dev.chorus.domain.bot.ReplyDraft;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Every live-push connection of this member, served by one pump thread.
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
 * <p>Threading: one dedicated managed thread per member (from the container's ManagedThreadFactory) waits on a
 * semaphore the Hazelcast event thread releases. Trade-offs: a dedicated thread wakes within microseconds and
 * never holds a thread of the shared managed executors (whose default pools here have core size 0, i.e. one
 * worker — a blocking loop there would starve the bot's ticks); fan-out is sequential, so one member serves
 * its subscribers one after another (a few microseconds each for tiny events), and a client that stops
 * reading can only stall the pump once the socket buffer is full (the write then fails or the heartbeat finds
 * the connection closed). Work per subscriber per round is bounded by {@code chorus.stream.batch}; a
 * subscriber with more to catch up gets the next batch in the next round, after everyone else.
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
 * {@code draft-end} events without an SSE id, only to streams up to date on messages ({@link #deliverDrafts}).
 */
@ApplicationScoped
public class StreamHub {
    private static final Logger LOG = Logger.getLogger(StreamHub.class.getName());
    /**
     * Draft bytes one stream gets at most per round (~20 updates of a short reply): drafts are previews, and must
     * not fill a connection's buffer ahead of the next round's messages.
     */
    static final int DRAFT_BYTES_PER_ROUND = 8 * 1024;
    /** Restores whose message the pump keeps (as many as the log keeps events). */
    private static final int RESTORED_KEPT = 1000;

    @Inject
    BoardFeed feed;

    @Inject
    StreamSettings settings;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    MetricRegistry metrics;

    private final Semaphore wakeups = new Semaphore(0);
    private final Queue<Subscriber> joining = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger dropped = new AtomicInteger();
    /** Drafts heard since the last round, the newest of each (a slow round coalesces a draft's updates). */
    private final Map<String, ReplyDraft> draftsWaiting = new ConcurrentHashMap<>();
    /** Only the pump thread touches this list. */
    private final List<Subscriber> subscribers = new ArrayList<>();
    private volatile boolean running;
    private Thread pump;
    private AutoCloseable notifications;
    private AutoCloseable draftNotifications;
    private AutoCloseable visibilityNotifications;
    /** Hidden messages, for the {@code hidden} events and so a stale window here never sends one (HiddenLog). */
    private final HiddenLog hidden = new HiddenLog(1000);
    /** The messages of the last restores, by event number, as {@link #restoredMessage} read them (pump only). */
    private final Map<Long, Message> restored = new HashMap<>();

    @PostConstruct
    void start() {
        running = true;
        metrics.gauge("chorus.stream.subscribers", open, AtomicInteger::get);
        metrics.gauge("chorus.stream.dropped", dropped, AtomicInteger::get);
        notifications = feed.onChange(wakeups::release);
        draftNotifications = feed.onDraft(this::draftHeard);
        visibilityNotifications = feed.onVisibility(event -> {
            hidden.add(event);
            wakeups.release();
        });
        pump = threads.newThread(this::run);
        pump.setName("chorus-stream-pump");
        pump.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        wakeups.release();
        try {
            notifications.close();
            draftNotifications.close();
            visibilityNotifications.close();
            pump.join(2_000);
        } catch (Exception e) {
            LOG.log(Level.FINE, "stopping the stream pump", e);
        }
        subscribers.forEach(Subscriber::close);
        joining.forEach(Subscriber::close);
    }

    /**
     * Opens a stream: the headers and a first comment go out at once (a browser that sees nothing for 5 s falls
     * back to polling), then the pump takes over. {@code cursor} null means "only messages newer than now".
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
            Subscriber subscriber = new Subscriber(async, start, hidden.head(), type, address,
                    wakeups::release);
            subscriber.start();
            if (subscriber.ready()) {
                subscriber.comment("connected");
            }
            joining.add(subscriber);
            wakeups.release();
        } catch (IOException | RuntimeException e) {
            open.decrementAndGet();
            release(address);
            throw e;
        }
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

    private void run() {
        long heartbeat = TimeUnit.SECONDS.toNanos(settings.streamHeartbeatSeconds());
        long tick = settings.streamTickMillis();
        int batch = settings.streamBatch();
        boolean backlog = false;
        while (running) {
            try {
                long wait = backlog ? 0 : Math.min(tick, TimeUnit.NANOSECONDS.toMillis(heartbeat));
                wakeups.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                if (!running) {
                    break;
                }
                admit();
                if (subscribers.isEmpty()) {
                    draftsWaiting.clear();
                    backlog = false;
                    continue;
                }
                long newest = feed.newestTimestamp();
                backlog = deliver(newest, batch);
                deliverDrafts(newest);
                keepAlive(heartbeat);
                prune();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // Storage briefly unavailable (member leaving, database down): cursors are untouched, try again.
                LOG.log(Level.WARNING, "live push round failed; retrying: " + e);
                backlog = false;
                sleepQuietly(tick);
            }
        }
    }

    private void admit() {
        for (Subscriber s = joining.poll(); s != null; s = joining.poll()) {
            subscribers.add(s);
        }
    }

    /**
     * One round: each subscriber that takes bytes gets at most {@code batch} messages (and at most the byte
     * budget) after its cursor. True if any has more and could take it now.
     */
    private boolean deliver(long newest, int batch) {
        boolean more = false;
        long now = System.nanoTime();
        int budget = settings.streamBufferBytes();
        long stall = TimeUnit.MILLISECONDS.toNanos(settings.streamStallMillis());
        long hiddenHead = hidden.head(); // once a round: a hide heard meanwhile wakes the pump for the next one
        RoundReads reads = new RoundReads(feed, batch);
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.open() || (!subscriber.needsRead(newest) && subscriber.hiddenSeen() >= hiddenHead
                    && !subscriber.restoresDue())) {
                continue;
            }
            if (!subscriber.ready()) {
                subscriber.blocked(now);
                if (subscriber.stalled(stall, now)) {
                    LOG.fine(() -> "dropping a live-push subscriber that stopped reading: " + subscriber.address());
                    dropped.incrementAndGet();
                    subscriber.close();
                }
                continue; // read nothing for it: the client has not taken what it was given
            }
            subscriber.keptUp();
            if (subscriber.hiddenSeen() < hiddenHead && !sendHidden(subscriber)) {
                subscriber.blocked(now);
                continue;
            }
            List<Message> found = reads.after(subscriber.cursor(), subscriber.type()); // newest first
            int written = 0;
            boolean complete = true;
            for (int i = found.size() - 1; i >= 0; i--) {
                if (written >= budget || !subscriber.ready()) {
                    complete = false;
                    break;
                }
                if (hidden.isHidden(found.get(i).id())) {
                    subscriber.skip(found.get(i));
                    continue;
                }
                int size = subscriber.send(found.get(i), reads.event(found.get(i)));
                if (size < 0) {
                    complete = false;
                    break;
                }
                written += size;
            }
            if (!subscriber.sendRestoresDue()) {
                complete = false;
            }
            if (complete && found.size() < batch) {
                subscriber.upToDate(newest);
            } else if (complete || written >= budget) {
                more = true;
            } else if (subscriber.open()) {
                subscriber.blocked(now);
            }
        }
        return more;
    }

    /** Called on the grid's event thread: only records the draft and wakes the pump. */
    private void draftHeard(ReplyDraft draft) {
        draftsWaiting.merge(draft.draftId(), draft, (waiting, heard) -> heard.sequence() > waiting.sequence() ? heard : waiting);
        wakeups.release();
    }

    /**
     * The drafts heard since the last round, after the round's messages, each encoded once, offered to every stream
     * that shows drafts ({@link Subscriber#offerDrafts}): written only to one that is up to date on messages after
     * the round and takes bytes now, at most {@link #DRAFT_BYTES_PER_ROUND} each, ends of drafts it showed first and
     * kept until written. Offered every round even when none was heard, so that kept ends go once the stream takes
     * bytes again. Drafts never touch a cursor and never count towards the stall that drops a connection, so a slow
     * reader may lose draft updates but never a stored message, and never sees a draft it was shown stay for good.
     */
    private void deliverDrafts(long newest) {
        List<DraftEvent> round = new ArrayList<>(draftsWaiting.size());
        for (String id : draftsWaiting.keySet()) {
            ReplyDraft draft = draftsWaiting.remove(id);
            if (draft != null) {
                round.add(DraftEvent.of(draft));
            }
        }
        for (Subscriber subscriber : subscribers) {
            if (subscriber.open() && subscriber.showsDrafts()) {
                subscriber.offerDrafts(round, !subscriber.needsRead(newest), DRAFT_BYTES_PER_ROUND);
            }
        }
    }

    /**
     * Writes the {@code hidden} and {@code restored} events the subscriber has not been sent; false if it stopped
     * taking bytes first. A restored message goes only to a stream whose type it is: at once to one that is past
     * it; to one whose cursor is before it, it is owed ({@link Subscriber#owe}): that stream gets it as a
     * {@code message} if this member's window shows it again in time, else as {@code restored} once the cursor has
     * passed it — a member whose window has not yet taken the restore in would otherwise move the cursor past the
     * message and the stream would get neither.
     */
    /** How many hide and restore events this member's hub has heard (tests wait on it). */
    long visibilityEventsHeard() {
        return hidden.head();
    }

    private boolean sendHidden(Subscriber subscriber) {
        for (HiddenLog.Entry entry : hidden.since(subscriber.hiddenSeen())) {
            if (!subscriber.ready()) {
                return false;
            }
            if (entry.hidden()) {
                if (subscriber.sendHidden(entry) < 0) {
                    return false;
                }
                continue;
            }
            Message message = restoredMessage(entry);
            if (message == null || (subscriber.type() != null && subscriber.type() != message.type())) {
                subscriber.passOver(entry);
            } else if (message.timestamp() > subscriber.cursor()) {
                subscriber.owe(entry, message);
            } else if (subscriber.sendRestored(entry, message) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The restored message as lists show it (without the context only its sender sent), read once per restore
     * (the first stream that needs it), not once per stream; null when it is gone or hidden again. Only the pump
     * thread calls this.
     */
    private Message restoredMessage(HiddenLog.Entry entry) {
        if (!restored.containsKey(entry.seq())) {
            Message message = hidden.isHidden(entry.id()) ? null
                    : feed.find(entry.id()).map(Message::slim).orElse(null);
            restored.put(entry.seq(), message);
            restored.keySet().removeIf(seq -> seq <= hidden.head() - RESTORED_KEPT);
        }
        return restored.get(entry.seq());
    }

    private void keepAlive(long heartbeat) {
        long now = System.nanoTime();
        for (Subscriber subscriber : subscribers) {
            if (subscriber.open() && subscriber.idleFor(heartbeat, now) && subscriber.ready()) {
                subscriber.comment("keep-alive");
            }
        }
    }

    private void prune() {
        for (Iterator<Subscriber> it = subscribers.iterator(); it.hasNext(); ) {
            Subscriber subscriber = it.next();
            if (!subscriber.open()) {
                subscriber.close();
                it.remove();
                open.decrementAndGet();
                release(subscriber.address());
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
