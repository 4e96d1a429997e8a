package dev.chorus.infrastructure.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryLoadedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import dev.chorus.application.BoardChanges;
import dev.chorus.infrastructure.grid.processors.ReadWindow;
import dev.chorus.domain.Message;
import dev.chorus.domain.MessageId;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.StorageUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This member's copy of the recent window, pushed by the grid: one cluster-wide entry listener with values,
 * so every change made anywhere arrives here, in order (Hazelcast delivers one key's events in order).
 * Readers take the copy with a volatile read and never leave the member.
 *
 * <p>Trade-off against a plain near cache: a near cache is invalidated on each change and every concurrent
 * reader then fetches the 500-message window from its owner at once (measured: polls fell to a fifth under
 * 20 posts/s); here each change is shipped and deserialised once per member, and readers never miss. Callers
 * that must see their own change ({@link #awaitVersion}) wait for its event, which arrives within milliseconds.
 * Callbacks registered with {@link #onChange} run on this member's applier thread (below), after the event's
 * window is this member's copy (so a reader they wake sees the change at once): they must only signal. This is the board's
 * {@link BoardChanges} port for live push.
 *
 * <p>Coalesced: the event thread only keeps the newest event heard (Hazelcast deserialises an event's value when
 * it is first asked for) and wakes this member's applier thread, which deserialises and installs the newest one.
 * Every change ships the whole window, so deserialising each of them is work that grows with the window and the
 * post rate: measured on one member at 50 concurrent posts, each post's three changes queued up behind each other
 * until posts waited the full second for their own change (p50 0.9 s, "window change N not seen here within
 * PT1S"). A window that a newer one has replaced is of no use to any reader, so only the newest is read. Updates
 * are taken only if they are not older than the copy held (a copy read from the owner after a wait timed out may
 * be newer than a late event); an entry added, loaded or merged is taken whatever its version (the window was
 * lost and rebuilt, or the member rejoined: what it held may look newer than the truth).
 */
@ApplicationScoped
public class WindowReplica implements BoardChanges {
    private static final Logger LOG = Logger.getLogger(WindowReplica.class.getName());

    @Inject
    GridMaps maps;

    @Resource
    ManagedThreadFactory threads;

    /** An event heard and not yet applied, the newest only; {@code force}: taken whatever its version. */
    private record Heard(EntryEvent<String, RecentWindow> event, boolean force) {
    }

    private final AtomicReference<Heard> heard = new AtomicReference<>();
    private final Semaphore heardSignal = new Semaphore(0);
    private volatile boolean applying;
    private Thread applier;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicLong notifications = new AtomicLong();
    private final Object monitor = new Object();
    private volatile RecentWindow current;
    private UUID registration;

    @PostConstruct
    void register() {
        applying = true;
        applier = threads.newThread(this::applyHeard);
        applier.setName("chorus-window-replica");
        applier.start();
        registration = maps.window().addEntryListener(new Listener(), true);
    }

    @PreDestroy
    void deregister() {
        try {
            if (registration != null) {
                maps.window().removeEntryListener(registration);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "window listener already gone", e);
        }
        applying = false;
        heardSignal.release();
        try {
            if (applier != null) {
                applier.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heard.set(null);
        callbacks.clear();
    }

    /** Called on the grid's event thread: keeps the event (not yet deserialised) and wakes the applier. */
    private void hear(EntryEvent<String, RecentWindow> event, boolean force) {
        heard.getAndUpdate(waiting -> waiting != null && waiting.force() && !force
                ? new Heard(event, true) // a rebuilt window's force carries over to the update that follows it
                : new Heard(event, force));
        heardSignal.release();
    }

    /** The applier thread: installs the newest event heard, each time there is one. */
    private void applyHeard() {
        while (applying) {
            try {
                heardSignal.acquire();
                heardSignal.drainPermits();
                Heard next = heard.getAndSet(null);
                if (next != null && applying) {
                    changed(next.event().getValue(), next.force());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a window change could not be applied here; the next one will be", e);
            }
        }
    }

    /** The window as this member last heard of it (loaded from the grid, or the database, the first time). */
    public RecentWindow current() {
        RecentWindow window = current;
        return window != null ? window : load();
    }

    /** Waits until this member's copy shows change {@code version} (a post's commit), at most {@code max}. */
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
        if (current == null || current.version() < version) {
            accept(maps.window().get(GridMaps.WINDOW_KEY));
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
            changed(window, true);
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

    /** How many windows this member has installed from change events (coalesced: fewer than the changes). */
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

    /** Takes a window read from the grid (a fallback) unless this member already holds a newer one. */
    private void accept(RecentWindow window) {
        if (window == null) {
            return;
        }
        synchronized (monitor) {
            if (current == null || window.version() > current.version()) {
                current = window;
            }
            monitor.notifyAll();
        }
    }

    private void changed(RecentWindow window, boolean force) {
        if (window == null) {
            return;
        }
        synchronized (monitor) {
            if (!force && current != null && window.version() < current.version()) {
                return; // a copy read from the owner meanwhile is newer; this event has nothing new
            }
            current = window;
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

    /** Lives only on this member: Hazelcast keeps listener objects local and ships just the (built-in) filter. */
    private final class Listener implements EntryAddedListener<String, RecentWindow>,
            EntryUpdatedListener<String, RecentWindow>, EntryLoadedListener<String, RecentWindow>,
            EntryMergedListener<String, RecentWindow>, MapClearedListener {

        @Override
        public void entryAdded(EntryEvent<String, RecentWindow> event) {
            hear(event, true);
        }

        @Override
        public void entryUpdated(EntryEvent<String, RecentWindow> event) {
            hear(event, false);
        }

        @Override
        public void entryLoaded(EntryEvent<String, RecentWindow> event) {
            hear(event, true);
        }

        @Override
        public void entryMerged(EntryEvent<String, RecentWindow> event) {
            hear(event, true);
        }

        @Override
        public void mapCleared(MapEvent event) {
            heard.set(null);
            synchronized (monitor) {
                current = null; // never happens in Chorus; reload on the next read
            }
        }
    }
}
