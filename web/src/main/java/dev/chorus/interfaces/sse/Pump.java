package dev.chorus.interfaces.sse;

import dev.chorus.application.BoardFeed;
import dev.chorus.domain.Message;
import dev.chorus.domain.bot.ReplyDraft;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pump thread and the subscribers it owns ({@link StreamHub} has {@code chorus.stream.pumps} of them). Each
 * subscriber belongs to exactly one pump for its whole life and is touched by that pump's thread only, so the
 * rules of {@link StreamHub} (cursor, exactly once, in order, bounded work and memory) hold per pump unchanged;
 * pumps share only what is read-only or thread-safe: the board, the hidden log, the settings and the hub's
 * counters. Why several: a post's fan-out is one container write per connection (measured: most of a core for
 * 10,000 connections), and one thread did them one after another; now each pump writes to its share at once.
 *
 * <p>Every change notification wakes every pump (each must see each post); a connection's own
 * {@code onWritePossible} wakes only its pump. Drafts are kept per pump, since each pump's round takes the drafts
 * it has heard since its previous round.
 */
final class Pump implements Runnable {
    private static final Logger LOG = Logger.getLogger(Pump.class.getName());
    /** Restores whose message the pump keeps (as many as the log keeps events). */
    private static final int RESTORED_KEPT = 1000;

    private final BoardFeed feed;
    private final StreamSettings settings;
    private final HiddenLog hidden;
    private final AtomicInteger dropped;
    /** Told of each subscriber this pump has let go (the hub's per-member and per-address counts). */
    private final Consumer<Subscriber> left;
    private final RoundWriter writer;
    private final Semaphore wakeups = new Semaphore(0);
    private final Queue<Subscriber> joining = new ConcurrentLinkedQueue<>();
    /** Subscribers joining or owned: what the hub balances new subscribers by. */
    private final AtomicInteger load = new AtomicInteger();
    /** Drafts heard since this pump's last round, the newest of each (a slow round coalesces a draft's updates). */
    private final Map<String, ReplyDraft> draftsWaiting = new ConcurrentHashMap<>();
    /** Only this pump's thread touches this list. */
    private final List<Subscriber> subscribers = new ArrayList<>();
    /** The messages of the last restores, by event number, as {@link #restoredMessage} read them (this thread). */
    private final Map<Long, Message> restored = new HashMap<>();
    private volatile boolean running = true;

    Pump(BoardFeed feed, StreamSettings settings, HiddenLog hidden, AtomicInteger dropped, Consumer<Subscriber> left) {
        this.feed = feed;
        this.settings = settings;
        this.hidden = hidden;
        this.dropped = dropped;
        this.left = left;
        this.writer = new RoundWriter(settings.streamWriteQueueBytes());
    }

    /** Makes the next round happen at once (any thread). */
    void wakeUp() {
        wakeups.release();
    }

    /** Hands a new subscriber to this pump (any thread); it is served from the next round. */
    void join(Subscriber subscriber) {
        load.incrementAndGet();
        joining.add(subscriber);
        wakeups.release();
    }

    int load() {
        return load.get();
    }

    /** Called on the grid's event thread: only records the draft and wakes the pump. */
    void draftHeard(ReplyDraft draft) {
        draftsWaiting.merge(draft.draftId(), draft,
                (waiting, heard) -> heard.sequence() > waiting.sequence() ? heard : waiting);
        wakeups.release();
    }

    void stop() {
        running = false;
        wakeups.release();
    }

    /** After the thread has ended: closes every connection it had. */
    void closeAll() {
        subscribers.forEach(Subscriber::close);
        joining.forEach(Subscriber::close);
    }

    @Override
    public void run() {
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
     * budget) after its cursor, in as few writes as fit ({@link RoundWriter}). True if any has more and could
     * take it now. A subscriber that does not take bytes costs a readiness check here and nothing else: no
     * read, no encoding, no write, until it takes bytes again or is dropped.
     */
    private boolean deliver(long newest, int batch) {
        boolean more = false;
        long now = System.nanoTime();
        int budget = settings.streamBufferBytes();
        long stall = TimeUnit.MILLISECONDS.toNanos(settings.streamStallMillis());
        long hiddenHead = hidden.head(); // once a round: a hide heard meanwhile wakes the pump for the next one
        RoundReads reads = new RoundReads(feed, hidden, batch);
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
            boolean complete = writer.write(subscriber, found, reads, budget);
            int written = writer.written();
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

    /**
     * The drafts this pump heard since its last round, after the round's messages, each encoded once, offered to
     * every stream of its share that shows drafts ({@link Subscriber#offerDrafts}): written only to one that is
     * up to date on messages after the round and takes bytes now, at most {@link StreamHub#DRAFT_BYTES_PER_ROUND}
     * each, ends of drafts it showed first and kept until written. Offered every round even when none was heard,
     * so that kept ends go once the stream takes bytes again. Drafts never touch a cursor and never count towards
     * the stall that drops a connection, so a slow reader may lose draft updates but never a stored message, and
     * never sees a draft it was shown stay for good.
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
                subscriber.offerDrafts(round, !subscriber.needsRead(newest), StreamHub.DRAFT_BYTES_PER_ROUND);
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
     * and pump (the first stream that needs it), not once per stream; null when it is gone or hidden again.
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

    /** Lets go of closed subscribers; removeIf, because 10,000 leaving at once one by one is quadratic. */
    private void prune() {
        subscribers.removeIf(subscriber -> {
            if (subscriber.open()) {
                return false;
            }
            subscriber.close();
            load.decrementAndGet();
            left.accept(subscriber);
            return true;
        });
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
