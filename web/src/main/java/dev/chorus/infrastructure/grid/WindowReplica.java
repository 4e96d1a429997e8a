package dev.chorus.infrastructure.grid;

import com.hazelcast.core.EntryEvent;
import dev.chorus.application.BoardChanges;
import dev.chorus.infrastructure.grid.processors.ReadWindow;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.StorageUnavailableException;
import dev.chorus.domain.WindowDelta;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This member's copy of the recent window, kept by applying the changes the window's owner makes
 * ({@link WindowDelta}s, brought by {@link WindowFeed}). Readers take the copy with a volatile read and never
 * leave the member.
 *
 * <p>Trade-off against a plain near cache: a near cache is invalidated on each change and every concurrent
 * reader then fetches the 500-message window from its owner at once (measured: polls fell to a fifth under
 * 20 posts/s). Against the entry events with values this replica was first fed by: each change shipped the
 * whole window to every member, serialised on the owner and read on each member — work that grew with the
 * window and the post rate (at 50 concurrent posts the changes queued until posts waited out their second).
 * A delta is one message; applying it copies an array of references. A delta that does not fit this copy (it
 * missed one, or the window was taken over), or a version check that finds the copy behind, makes it read the
 * window whole from the owner: a copy is never made into a window the owner did not have.
 *
 * <p>Callers that must see their own change ({@link #awaitVersion}) wait for its delta, which arrives within
 * milliseconds. Callbacks registered with {@link #onChange} run on the feed's thread after the change is this
 * member's copy (so a reader they wake sees it at once): they must only signal. This is the board's
 * {@link BoardChanges} port for live push.
 */
@ApplicationScoped
public class WindowReplica implements BoardChanges {
    private static final Logger LOG = Logger.getLogger(WindowReplica.class.getName());
    private static final Duration OWNER_READ = Duration.ofSeconds(5);

    @Inject
    GridMaps maps;

    @Resource
    ManagedThreadFactory threads;

    /** The map's entry was created, loaded or merged (its event carries a window): read the owner's window then. */
    record Whole(EntryEvent<String, RecentWindow> event) {
    }

    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final Object monitor = new Object();
    private volatile RecentWindow current;
    private WindowFeed feed;

    @PostConstruct
    void register() {
        feed = new WindowFeed(maps, this, threads);
        feed.start();
    }

    @PreDestroy
    void deregister() {
        if (feed != null) {
            feed.stop();
        }
        callbacks.clear();
    }

    /**
     * Applies what the feed heard, in order (on the feed's thread): deltas that fit, whole windows as they are;
     * a delta that does not fit makes this copy read the window whole, after which later deltas fit again.
     * Waiters and callbacks are told once for the lot.
     */
    void absorb(List<Object> heard) {
        boolean changed = false;
        boolean ownerOutOfReach = false; // one failed read per lot: the version check retries, not every delta
        for (Object item : heard) {
            if (item instanceof WindowDelta delta) {
                WindowDelta.Fit fit;
                synchronized (monitor) {
                    fit = delta.fit(current);
                    if (fit == WindowDelta.Fit.APPLIES) {
                        current = delta.applyTo(current);
                        changed = true;
                    }
                }
                if (fit == WindowDelta.Fit.GAP && !ownerOutOfReach) {
                    boolean read = readWhole(current == null ? null : "a change that does not follow this copy: " + delta);
                    changed |= read;
                    ownerOutOfReach = !read;
                }
            } else if (item instanceof Whole whole) {
                // Not taken as it is: map events run on another event thread than the topic's deltas, so this
                // window may be older than deltas already applied here. It only says the entry was created,
                // loaded or merged: the owner's window now is the truth (one read per such rare event).
                RecentWindow window = whole.event().getValue();
                if (window != null && current == null) {
                    synchronized (monitor) {
                        current = window;
                    }
                    changed = true;
                } else if (window != null && !ownerOutOfReach) {
                    boolean read = readWhole(null);
                    changed |= read;
                    ownerOutOfReach = !read; // the version check makes up for it
                }
            }
        }
        if (changed) {
            announce();
        }
    }

    /** Reads the window whole from its owner after {@code why} (the version check); see {@link #absorb}. */
    void resync(String why) {
        resync(why, OWNER_READ);
    }

    /** The same, waiting at most {@code bound} for the owner (a POST's own wait). */
    private void resync(String why, Duration bound) {
        if (readWhole(why, bound)) {
            announce();
        }
    }

    /** The copy held, or null before the first read. */
    RecentWindow held() {
        return current;
    }

    /** How many times this member's copy was read whole because it had missed a change. */
    public long resyncs() {
        return resyncs.get();
    }

    private boolean readWhole(String why) {
        return readWhole(why, OWNER_READ);
    }

    /** The same, waiting at most {@code bound} for the owner (a POST's remaining budget). */
    private boolean readWhole(String why, Duration bound) {
        RecentWindow owner;
        try {
            owner = maps.window().submitToKey(GridMaps.WINDOW_KEY, new ReadWindow()).toCompletableFuture()
                    .get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "The window could not be read from its owner; the next check retries", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (owner == null) {
            return false;
        }
        if (why != null) {
            resyncs.incrementAndGet();
            LOG.fine(() -> "window read whole after " + why);
        }
        synchronized (monitor) {
            RecentWindow held = current;
            // deltas applied while the read was under way may have moved this copy past what was read
            if (held == null || held.epoch() != owner.epoch() || held.version() <= owner.version()) {
                current = owner;
            }
        }
        return true;
    }

    private void announce() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
        notifications.incrementAndGet();
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "window change callback failed", e);
            }
        }
    }

    /** The window as this member last heard of it (loaded from the grid, or the database, the first time). */
    public RecentWindow current() {
        RecentWindow window = current;
        return window != null ? window : load();
    }

    /**
     * Waits until this member's copy shows change {@code version} (a post's commit), at most {@code max}; then,
     * if it still does not, reads the window whole from its owner, waiting for that at most {@code max} again.
     */
    public void awaitVersion(long version, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (monitor) {
            while (current == null || current.version() < version) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warning(() -> "window change " + version + " not seen here within " + max + "; reading it");
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        RecentWindow copy = current;
        if (copy == null || copy.version() < version) {
            resync("change " + version + " was not heard within " + max, max);
        }
    }

    /**
     * Makes sure this member's copy shows {@code posted}, committed, before its post is acknowledged: the version
     * its commit made is reached, but a copy with another history at that version (docs/architecture.md, "How
     * the window travels") would not show it. Such a copy is read whole from the owner at once rather than at
     * the next version check, waiting at most {@code bound} (then the version check reads it within half a
     * second). A post older than the whole window is shown by the database.
     */
    void ensureShown(Message posted, Duration bound) {
        RecentWindow copy = current();
        boolean shown = copy.find(posted.id()).map(m -> !copy.isPending(posted.id())).orElse(false)
                || posted.timestamp() < copy.oldestTimestamp() && !copy.holdsEverything();
        if (!shown) {
            LOG.warning(() -> "Post " + posted.id().value() + " is committed but this member's window does not show"
                    + " it; reading the window whole");
            resync("a committed post it did not show", bound);
        }
    }

    /**
     * Waits until {@code id} is not pending here (committed, or taken back), at most {@code max}; true when
     * it is settled.
     */
    public boolean awaitSettled(MessageId id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (monitor) {
            while (current().isPending(id)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Waits until this member's copy shows {@code updated} in place (a PATCH or bot outcome just applied on the
     * owner), at most {@code max}: a client that got the PATCH's 200 then polls here sees it.
     */
    public void awaitShown(Message updated, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (monitor) {
            while (true) {
                var held = current().find(updated.id());
                if (held.isEmpty() || java.util.Objects.equals(held.get().botParams(), updated.slim().botParams())) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Reads the window from its owner and takes it whatever its version: after this member rejoined the
     * cluster (a merge), what it held came from the side it was on and may look newer than the truth.
     */
    public void refresh() {
        RecentWindow window = maps.window().executeOnKey(GridMaps.WINDOW_KEY, new ReadWindow());
        if (window != null) {
            synchronized (monitor) {
                current = window;
            }
            announce();
        }
    }

    /** Runs {@code onChange} (non-blocking!) after every change of the window; close the handle to stop. */
    @Override
    public AutoCloseable onChange(Runnable onChange) {
        callbacks.add(onChange);
        return () -> callbacks.remove(onChange);
    }

    /** The newest timestamp readers can see (0 for an empty board); see RecentWindow#newestVisibleTimestamp. */
    @Override
    public long newestTimestamp() {
        return current().newestVisibleTimestamp();
    }

    /** How many times this member's copy changed and told its waiters (once per batch of changes heard). */
    public long notifications() {
        return notifications.get();
    }

    private RecentWindow load() {
        RecentWindow window = maps.window().get(GridMaps.WINDOW_KEY);
        if (window == null) {
            throw new StorageUnavailableException("the recent window could not be loaded", null);
        }
        synchronized (monitor) {
            if (current == null) { // an event may have brought a newer one meanwhile: keep that
                current = window;
            }
            return current;
        }
    }
}
