package dev.chorus.infrastructure.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryLoadedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import dev.chorus.domain.RecentWindow;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells this member that the recent window changed, wherever the change was made: one cluster-wide entry
 * listener on the window map (Hazelcast delivers its events to every member that registered it).
 * {@code includeValue=false}: the event carries no window; readers take the value from the near cache, which
 * the same change invalidated. The listener runs on a Hazelcast event thread, so the callbacks registered here
 * must only signal (release a semaphore, set a flag) and return at once.
 */
@ApplicationScoped
public class WindowChanges {
    private static final Logger LOG = Logger.getLogger(WindowChanges.class.getName());

    @Inject
    GridMaps maps;

    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicLong notifications = new AtomicLong();
    private UUID registration;

    @PostConstruct
    void register() {
        registration = maps.window().addEntryListener(new Listener(), false);
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
        callbacks.clear();
    }

    /** Runs {@code onChange} (non-blocking!) after every change of the window; close the handle to stop. */
    public AutoCloseable onChange(Runnable onChange) {
        callbacks.add(onChange);
        return () -> callbacks.remove(onChange);
    }

    /** The newest timestamp readers can see (0 for an empty board), from the near cache; see RecentWindow. */
    public long newestTimestamp() {
        RecentWindow window = maps.window().get(GridMaps.WINDOW_KEY);
        return window == null ? 0 : window.newestVisibleTimestamp();
    }

    /** How many change notifications this member has received (for metrics and tests). */
    public long notifications() {
        return notifications.get();
    }

    private void changed() {
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
            changed();
        }

        @Override
        public void entryUpdated(EntryEvent<String, RecentWindow> event) {
            changed();
        }

        @Override
        public void entryLoaded(EntryEvent<String, RecentWindow> event) {
            changed();
        }

        @Override
        public void entryMerged(EntryEvent<String, RecentWindow> event) {
            changed();
        }

        @Override
        public void mapCleared(MapEvent event) {
            changed();
        }
    }
}
